/**
 * Capture mode and printer discovery through the real handler table: start a capture on
 * loopback, a device-like client sends, the status shows the session with its verdict; stop.
 */
import { describe, expect, it } from 'vitest'

import { dispatch } from '../../electron/ipc/dispatch'
import { createHandlers } from '../../electron/ipc/handlers'
import { identifyPrinter } from '../../electron/discovery/identify'
import { createCaptureService } from '../../electron/services/capture-service'
import { createJobService } from '../../electron/services/job-service'
import { createProbeService } from '../../electron/services/probe-service'
import type { CaptureStatus } from '../../shared/capture-types'
import { freeTcpPort } from '../helpers/printer-peers'
import { scriptedDevice } from '../helpers/scripted-device'

async function handlers() {
  return createHandlers({
    probes: createProbeService({ lookup: async () => [] }),
    jobs: await createJobService(),
    capture: createCaptureService(),
    identify: (host) => identifyPrinter({ host, ippPort: 1, snmpPort: 1, timeoutMs: 500 }),
    openExternal: async () => {},
  })
}

/** A plaintext device: EHLO, MAIL, RCPT, QUIT — enough to be seen. */
const plainDevice = (port: number) =>
  scriptedDevice(port, [
    'EHLO printer.local',
    'MAIL FROM:<scanner@contoso.test>',
    'RCPT TO:<helpdesk@contoso.test>',
    'QUIT',
  ])

type Call = (channel: string, payload: unknown) => ReturnType<typeof dispatch>

/** Calls a channel through the dispatcher, as the window would. */
const caller =
  (h: Awaited<ReturnType<typeof handlers>>): Call =>
  (channel, payload) =>
    dispatch(h, channel, payload, { emit: () => {} })

/** The capture's status once it has recorded one session. */
async function statusWithOneSession(call: Call): Promise<CaptureStatus> {
  const status = async () => ((await call('capture:status', {})) as { value: CaptureStatus }).value
  await expect.poll(async () => (await status()).sessions.length).toBe(1)
  return status()
}

describe('capture and discovery channels', () => {
  it('start, see the device, stop', async () => {
    const h = await handlers()
    const call = caller(h)
    const free = await freeTcpPort()
    const started = (await call('capture:start', {
      deviceAddress: null,
      listenAddress: '127.0.0.1',
      port: free,
      tlsPort: null,
      timeoutS: 60,
    })) as { ok: true; value: CaptureStatus }
    expect(started).toMatchObject({ ok: true })
    expect(started.value.running).toBe(true)
    const port = started.value.addresses!.port
    expect(port).toBe(free)
    await plainDevice(port)
    const status = await statusWithOneSession(call)
    const { session, verdict } = status.sessions[0]!
    expect(session.remoteAddress).toContain('127.0.0.1')
    expect(verdict.summary).toContain('plaintext, no STARTTLS')
    const submission = verdict.methods.find((m) => m.method === 'client-submission')
    expect(submission?.status).toBe('fail')
    expect(submission?.findings.join(' ')).toContain('530 5.7.57')
    expect(verdict.switchBack.text).toContain(`127.0.0.1:${free}`)
    // No job method given: the switch-back says so instead of assuming client submission.
    expect(verdict.chosen).toBeNull()
    expect(verdict.switchBack.settings).toEqual([])
    expect(verdict.switchBack.advice).toContain('No sending method is chosen')
    const stopped = (await call('capture:stop', {})) as { value: CaptureStatus }
    expect(stopped.value.running).toBe(false)
    expect(stopped.value.stoppedBy).toBe('stopped')
  })

  it("switches back to the job's values when the Verify step gives them", async () => {
    const h = await handlers()
    const call = caller(h)
    const free = await freeTcpPort()
    const mx = 'contoso-com.s-v1.mx.microsoft'
    const start = (switchBack: unknown) =>
      call('capture:start', {
        deviceAddress: null,
        listenAddress: '127.0.0.1',
        port: free,
        tlsPort: null,
        timeoutS: 60,
        switchBack,
      })
    // A host that is not a host name is refused at the boundary.
    expect(await start({ method: 'direct-send', host: 'a b', port: 25 })).toMatchObject({
      ok: false,
    })
    expect(await start({ method: 'direct-send', host: mx, port: 465 })).toMatchObject({ ok: false })
    expect(await start({ method: 'direct-send', host: mx, port: 25 })).toMatchObject({ ok: true })
    await plainDevice(free)
    const status = await statusWithOneSession(call)
    expect(status.sessions[0]!.verdict.switchBack.settings).toEqual([
      { label: 'SMTP server', value: mx },
      { label: 'Port', value: '25' },
      { label: 'Security', value: 'STARTTLS if offered' },
      { label: 'SMTP authentication', value: 'Off' },
    ])
    await call('capture:stop', {})
  })

  it('refuses a wildcard or missing address with a clear message', async () => {
    const h = await handlers()
    const call = caller(h)
    const none = await call('capture:start', {
      deviceAddress: null,
      listenAddress: null,
      port: 2525,
      tlsPort: null,
      timeoutS: 60,
    })
    expect(none).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining("Give the device's IP address") },
    })
    const wild = await call('capture:start', {
      deviceAddress: null,
      listenAddress: '0.0.0.0',
      port: 2525,
      tlsPort: null,
      timeoutS: 60,
    })
    expect(wild.ok).toBe(false)
  })

  it('discovery answers "did not identify" for a silent address, quickly', async () => {
    const h = await handlers()
    const r = await dispatch(h, 'discovery:identify', { host: '127.0.0.1' }, { emit: () => {} })
    expect(r.ok).toBe(true)
    expect(JSON.stringify(r)).toContain('did not identify')
  })
})
