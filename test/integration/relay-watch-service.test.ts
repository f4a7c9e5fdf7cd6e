/**
 * Main's relay watch with real peers: a relay on 127.0.0.1 with its status link, the Exchange-like
 * server behind it, a printer-like sender, and the app's status link client. The job's outcome
 * is recorded from what the relay did after the watch started; the pairing code stays in the
 * keychain only.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'

import { afterEach, describe, expect, it } from 'vitest'

import { createMemorySecretStore } from '../../electron/secrets'
import { createJobService, type JobService } from '../../electron/services/job-service'
import {
  createRelayWatchService,
  relayCodeAccount,
  type RelayWatchService,
} from '../../electron/services/relay-watch-service'
import { watchRelay } from '../../electron/relay/status-link/client'
import type { RelayWatchView } from '../../shared/configure/relay-watch'
import type { Job, JobMeasured } from '../../shared/job-types'
import { useScenarioPeers } from '../helpers/scenario-peers'
import { siteRelayJob } from '../helpers/site-relay-job'
import { useTempDirs } from '../helpers/temp-dirs'
import {
  device,
  freePort,
  loopbackRelayConfig,
  MAILBOX,
  PAIRING_CODE,
  pairedWith,
  relayRunner,
  scan,
  TOKEN,
  waitFor,
} from './relay-helpers'

const peers = useScenarioPeers()
const tempDir = useTempDirs()
const runner = relayRunner()
const services: RelayWatchService[] = []
afterEach(async () => {
  services.splice(0).forEach((s) => s.stopAll())
  await runner.stopAll()
})

async function relay(
  code: string | null = PAIRING_CODE,
  extra: Parameters<typeof peers.serve>[1] = {},
) {
  const server = await peers.serve('exchange', { users: { [MAILBOX]: TOKEN }, ...extra })
  const spoolDir = await tempDir('relay-watch-')
  const statusPort = await freePort()
  const config = await loopbackRelayConfig(server.port, spoolDir, { status: { port: statusPort } })
  await runner.start({ config, outboundCa: [peers.pki.ca.cert], ...pairedWith(code) })
  return { server, statusPort, smtpPort: config.listen.port }
}

/** The app's side: jobs on disk, a session secret store, the watch service with the real client. */
async function app(deviceAddress = '127.0.0.1') {
  const dataDir = await tempDir('relay-watch-jobs-')
  const jobs: JobService = await createJobService({ dataDir })
  const created = await jobs.create()
  const base = siteRelayJob()
  const job: Job = {
    ...base,
    id: created.id,
    createdAt: created.createdAt,
    siteRelay: { address: '127.0.0.1', port: 25 },
    device: { ...base.device, address: deviceAddress },
  }
  await jobs.save(job)
  const store = createMemorySecretStore()
  const watch = createRelayWatchService({
    jobs,
    openSecrets: async () => ({ store }),
    watch: watchRelay,
    connectTimeoutMs: 3000,
  })
  services.push(watch)
  const views: RelayWatchView[] = []
  const measured: JobMeasured[] = []
  const tell = {
    changed: (v: RelayWatchView) => views.push(v),
    measured: (m: JobMeasured) => measured.push(m),
  }
  const last = () => views.at(-1)
  return { jobs, job, store, watch, views, measured, tell, last, dataDir }
}

const send = (port: number, id: string, from = MAILBOX) =>
  device(port, 'modern').sendMail({
    envelope: { from, to: ['office@contoso.example'] },
    raw: scan(id),
  })

describe('relay watch service', () => {
  it('records the device’s message delivered after the watch started, once; the code stays in the keychain', async () => {
    const { server, statusPort, smtpPort } = await relay()
    const a = await app()
    // A message from before the watch proves nothing about now.
    await send(smtpPort, '<before@mfp.contoso.example>')
    await waitFor('the first delivery', () => server.messages.length === 1)

    const started = await a.watch.start(
      { jobId: a.job.id, port: statusPort, code: PAIRING_CODE },
      a.tell,
    )
    expect(started).toMatchObject({ state: 'connecting', address: '127.0.0.1', codeSaved: false })
    await waitFor('watching', () => a.last()?.state === 'watching')
    await waitFor('the code kept', () => a.last()?.codeSaved === true)
    expect(await a.store.get(relayCodeAccount('127.0.0.1', statusPort))).toBe(PAIRING_CODE)
    expect(a.last()?.events).toEqual([])
    expect(a.last()?.status).toMatchObject({ account: MAILBOX, tlsMode: 'starttls', running: true })

    await send(smtpPort, '<watched@mfp.contoso.example>')
    await waitFor('the outcome', () => a.measured.length === 1)
    const view = a.last()!
    expect(view.events.map((e) => [e.kind, e.messageId])).toEqual([
      ['queued', '<watched@mfp.contoso.example>'],
      ['delivered', '<watched@mfp.contoso.example>'],
    ])
    expect(view.outcome?.passed).toBe(true)
    expect(view.outcome?.text).toMatch(
      /^127\.0\.0\.1 → relay 127\.0\.0\.1 → Microsoft 365: delivered <watched@mfp\.contoso\.example> \(250 /,
    )
    const kept = (await a.jobs.get(a.job.id)).verifyOutcome
    expect(kept).toMatchObject({ passed: true, text: view.outcome?.text })
    expect(kept?.relay).toMatchObject({
      address: '127.0.0.1',
      statusPort,
      tlsMode: 'starttls',
      account: MAILBOX,
      lastDelivery: { messageId: '<watched@mfp.contoso.example>' },
    })
    expect(a.measured[0]?.verifyOutcome?.passed).toBe(true)

    // More statuses (the relay's 15 s beat, another message) do not record the same outcome again.
    await send(smtpPort, '<after@mfp.contoso.example>')
    await waitFor('the third delivery', () => server.messages.length === 3)
    await waitFor('its outcome', () => a.measured.length === 2)
    expect(a.measured.map((m) => m.verifyOutcome?.text.includes('<after@'))).toEqual([false, true])

    // The code is in no view, in no job file.
    const seen = JSON.stringify(a.views)
    expect(seen).not.toContain(PAIRING_CODE)
    const file = await readFile(join(a.dataDir, `${a.job.id}.json`), 'utf8')
    expect(file).not.toContain(PAIRING_CODE)
    expect(file).toContain('<after@mfp.contoso.example>')

    // Stopped: nothing more is heard.
    expect(a.watch.stop(a.job.id)?.state).toBe('stopped')
    const count = a.views.length
    await send(smtpPort, '<stopped@mfp.contoso.example>')
    await waitFor('the fourth delivery', () => server.messages.length === 4)
    expect(a.views.length).toBe(count)
  })

  it('uses the kept code when none is typed', async () => {
    const { statusPort } = await relay()
    const a = await app()
    await a.store.set(relayCodeAccount('127.0.0.1', statusPort), PAIRING_CODE)
    expect((await a.watch.status(a.job.id, statusPort)).codeSaved).toBe(true)
    const started = await a.watch.start({ jobId: a.job.id, port: statusPort, code: null }, a.tell)
    expect(started.codeSaved).toBe(true)
    await waitFor('watching', () => a.last()?.state === 'watching')
  })

  it('a refusal at the relay fails with its reply and what to change', async () => {
    const { statusPort, smtpPort } = await relay()
    const a = await app()
    await a.watch.start({ jobId: a.job.id, port: statusPort, code: PAIRING_CODE }, a.tell)
    await waitFor('watching', () => a.last()?.state === 'watching')
    await expect(
      send(smtpPort, '<refused@mfp.contoso.example>', 'someone@elsewhere.example'),
    ).rejects.toThrow(/550/)
    await waitFor('the outcome', () => a.measured.length === 1)
    const kept = (await a.jobs.get(a.job.id)).verifyOutcome
    expect(kept?.passed).toBe(false)
    expect(kept?.text).toMatch(
      /^127\.0\.0\.1 → relay 127\.0\.0\.1: the relay refused the message: Refused 127\.0\.0\.1 at mail-from: 550 .*Fix: Set the device’s sender \(From\) address to one of the relay’s "senders"/,
    )
  })

  it('a permanent refusal by Microsoft 365 fails with the relay’s explanation and fix', async () => {
    const { statusPort, smtpPort } = await relay(PAIRING_CODE, {
      mailFromReply: '550 5.7.60 SMTP; Client does not have permissions to send as this sender',
    })
    const a = await app()
    await a.watch.start({ jobId: a.job.id, port: statusPort, code: PAIRING_CODE }, a.tell)
    await waitFor('watching', () => a.last()?.state === 'watching')
    await send(smtpPort, '<sendas@mfp.contoso.example>')
    await waitFor('the outcome', () => a.measured.length === 1)
    expect(a.last()?.events.map((e) => e.kind)).toEqual(['queued', 'failed'])
    const kept = (await a.jobs.get(a.job.id)).verifyOutcome
    expect(kept?.passed).toBe(false)
    expect(kept?.text).toMatch(
      /^127\.0\.0\.1 → relay 127\.0\.0\.1 → Microsoft 365: <sendas@mfp\.contoso\.example> not delivered: .*5\.7\.60.*\. Fix: \S/,
    )
    expect(kept?.relay?.failed).toBe(1)
  })

  it('a message from another device than the job’s proves nothing', async () => {
    const { server, statusPort, smtpPort } = await relay()
    const a = await app('192.168.1.50')
    await a.watch.start({ jobId: a.job.id, port: statusPort, code: PAIRING_CODE }, a.tell)
    await waitFor('watching', () => a.last()?.state === 'watching')
    await send(smtpPort, '<other@mfp.contoso.example>')
    await waitFor('delivered', () => server.messages.length === 1)
    await waitFor('shown', () => a.last()?.events.length === 2)
    expect(a.last()?.outcome).toBeNull()
    expect(a.measured).toEqual([])
  })

  it('a wrong code: the relay’s message, and the code is not kept', async () => {
    const { statusPort } = await relay()
    const a = await app()
    await a.watch.start({ jobId: a.job.id, port: statusPort, code: 'AAAABBBBCCCCDDDDEEEE' }, a.tell)
    await waitFor('a problem', () => a.last()?.state === 'problem')
    expect(a.last()?.problem?.kind).toBe('wrong-code')
    expect(a.last()?.problem?.message).toMatch(/did not accept this code.*scanpath relay pair/)
    expect(await a.store.list()).toEqual([])
  })

  it('a kept code the relay no longer takes is forgotten, and the message says so', async () => {
    const { statusPort } = await relay()
    const a = await app()
    await a.store.set(relayCodeAccount('127.0.0.1', statusPort), 'AAAABBBBCCCCDDDDEEEE')
    await a.watch.start({ jobId: a.job.id, port: statusPort, code: null }, a.tell)
    await waitFor('a problem', () => a.last()?.state === 'problem')
    expect(a.last()?.problem?.message).toMatch(/The saved code was forgotten: type the code/)
    expect(a.last()?.codeSaved).toBe(false)
    // Forgotten in the keychain (deleted as the problem is told).
    const account = relayCodeAccount('127.0.0.1', statusPort)
    for (let i = 0; i < 100 && (await a.store.get(account)) !== null; i++)
      await new Promise((r) => setTimeout(r, 20))
    expect(await a.store.get(account)).toBeNull()
    expect((await a.watch.status(a.job.id, statusPort)).codeSaved).toBe(false)
  })

  it('no code typed and none kept, nothing listening, no relay address: each says what to do', async () => {
    const a = await app()
    const none = await a.watch.start({ jobId: a.job.id, port: 2580, code: null }, a.tell)
    expect(none.state).toBe('problem')
    expect(none.problem?.message).toMatch(/Type the relay's pairing code.*scanpath relay pair/)

    const closed = await freePort()
    await a.watch.start({ jobId: a.job.id, port: closed, code: PAIRING_CODE }, a.tell)
    await waitFor('a problem', () => a.last()?.state === 'problem')
    expect(a.last()?.problem?.kind).toBe('unreachable')
    expect(a.last()?.problem?.message).toMatch(
      new RegExp(`Nothing answered on 127\\.0\\.0\\.1:${closed}.*firewall`),
    )

    await a.jobs.save({ ...(await a.jobs.get(a.job.id)), siteRelay: { address: '', port: 25 } })
    await expect(
      a.watch.start({ jobId: a.job.id, port: 2580, code: PAIRING_CODE }, a.tell),
    ).rejects.toThrow(/no relay address yet: type the relay machine's address in Configure/)
    await expect(
      a.watch.start({ jobId: 'no-such-job-0001', port: 2580, code: PAIRING_CODE }, a.tell),
    ).rejects.toThrow(/no job/)
  })
})
