/**
 * Capture mode for the app: one capture at a time, on the laptop's address on the device's
 * network (never a wildcard), stopped when the step is left or after its timeout. Whoever started
 * the capture hears of every change (a session began, went on or ended; the capture stopped).
 */
import { networkInterfaces } from 'node:os'

import type { CaptureStatus } from '../../shared/capture-types'
import type { DeviceTarget } from '../../shared/configure/plan'
import { startCapture, type CaptureHandle } from '../capture/capture-listener'
import { captureVerdict } from '../capture/capture-verdict'
import { pickListenAddress } from '../cli/capture-cmd'

export interface CaptureService {
  /** Starts a capture (stopping one still running); `onChange` hears of this capture's changes. */
  start(
    req: {
      deviceAddress: string | null
      listenAddress: string | null
      port: number
      tlsPort: number | null
      timeoutS: number
      /** The job's method and where it sends: what the switch-back lists (none: no method chosen). */
      switchBack?: DeviceTarget | null | undefined
    },
    onChange?: (status: CaptureStatus) => void,
  ): Promise<CaptureStatus>
  status(): CaptureStatus
  stop(): Promise<CaptureStatus>
}

export function createCaptureService(): CaptureService {
  let handle: CaptureHandle | null = null
  let stoppedBy: CaptureStatus['stoppedBy'] = null
  let last: CaptureHandle | null = null
  let target: DeviceTarget | null = null
  /** Who hears of the last capture's changes. */
  let listener: ((status: CaptureStatus) => void) | null = null
  const status = (): CaptureStatus => {
    const h = handle ?? last
    return {
      running: handle !== null,
      addresses: h?.addresses ?? null,
      sessions: (h?.sessions() ?? []).map((session) => ({
        session,
        verdict: captureVerdict(session, h!.addresses, target),
      })),
      stoppedBy,
    }
  }
  /** Tells the listener, when `h` is still the capture it listens to. */
  const changed = (h: CaptureHandle) => {
    if (h === last) listener?.(status())
  }
  return {
    async start(req, onChange) {
      if (handle) await handle.stop()
      const host =
        req.listenAddress ??
        (req.deviceAddress ? pickListenAddress(req.deviceAddress, networkInterfaces()) : null)
      if (!host) {
        throw new Error(
          req.deviceAddress
            ? `This laptop has no address on the network of ${req.deviceAddress}: connect it to the device's network first.`
            : "Give the device's IP address (or this laptop's address on the device's network).",
        )
      }
      let started: CaptureHandle | null = null
      const h = await startCapture({
        host,
        port: req.port,
        ...(req.tlsPort ? { implicitTlsPort: req.tlsPort } : {}),
        timeoutMs: req.timeoutS * 1000,
        // Its stop is told below, once the state says it stopped.
        onEvent: (e) => {
          if (e.kind !== 'stopped' && started) changed(started)
        },
      })
      started = h
      handle = h
      last = h
      target = req.switchBack ?? null
      stoppedBy = null
      listener = onChange ?? null
      void h.stopped.then((why) => {
        if (handle === h) {
          handle = null
          stoppedBy = why
          changed(h)
        }
      })
      return status()
    },
    status,
    async stop() {
      const h = handle
      handle = null
      if (h) {
        await h.stop()
        stoppedBy = 'stopped'
        changed(h)
      }
      return status()
    },
  }
}
