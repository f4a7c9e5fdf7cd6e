/**
 * Capture mode for the app: one capture at a time, on the laptop's address on the device's
 * network (never a wildcard), stopped when the step is left or after its timeout.
 */
import { networkInterfaces } from 'node:os'

import type { DeviceTarget } from '../../shared/configure/plan'
import type { CaptureStatus } from '../../shared/schemas/ipc'
import { startCapture, type CaptureHandle } from '../capture/capture-listener'
import { captureVerdict } from '../capture/capture-verdict'
import { pickListenAddress } from '../cli/capture-cmd'

export interface CaptureService {
  start(req: {
    deviceAddress: string | null
    listenAddress: string | null
    port: number
    tlsPort: number | null
    timeoutS: number
    /** The job's method and where it sends: what the switch-back lists (default: 587 submission). */
    switchBack?: DeviceTarget | null | undefined
  }): Promise<CaptureStatus>
  status(): CaptureStatus
  stop(): Promise<CaptureStatus>
}

export function createCaptureService(): CaptureService {
  let handle: CaptureHandle | null = null
  let stoppedBy: CaptureStatus['stoppedBy'] = null
  let last: CaptureHandle | null = null
  let target: DeviceTarget | null = null
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
  return {
    async start(req) {
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
      const h = await startCapture({
        host,
        port: req.port,
        ...(req.tlsPort ? { implicitTlsPort: req.tlsPort } : {}),
        timeoutMs: req.timeoutS * 1000,
      })
      handle = h
      last = h
      target = req.switchBack ?? null
      stoppedBy = null
      void h.stopped.then((why) => {
        if (handle === h) {
          handle = null
          stoppedBy = why
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
      }
      return status()
    },
  }
}
