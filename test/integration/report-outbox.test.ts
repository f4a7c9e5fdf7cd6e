/**
 * Reports and "Send to office" through the real handler table: the preview model, the PDF, and
 * the report delivered from the durable outbox to a local office server through the office's
 * sending profile; the online check.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import net from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { dispatch } from '../../electron/ipc/dispatch'
import { createHandlers } from '../../electron/ipc/handlers'
import { createOutbox, type Outbox } from '../../electron/mail/outbox'
import { createMemorySecretStore } from '../../electron/secrets'
import { createJobService } from '../../electron/services/job-service'
import { createOnlineService, tcpCheck } from '../../electron/services/online-service'
import { createProbeService } from '../../electron/services/probe-service'
import { createProfileService } from '../../electron/services/profile-service'
import { createReportService } from '../../electron/services/report-service'
import { jobEdits, type Job } from '../../shared/job-types'
import type { OutboxView } from '../../shared/outbox-types'
import { useScenarioPeers } from '../helpers/scenario-peers'
import { startScenarioServer, type ScenarioServer } from '../helpers/scenario-smtp-server'

const peers = useScenarioPeers()
let dir: string
let office: ScenarioServer
let outbox: Outbox
let call: (
  channel: string,
  payload: unknown,
) => Promise<{ ok: boolean; value?: unknown; error?: { message: string } }>

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'scanpath-report-outbox-'))
  office = await startScenarioServer({
    scenario: 'exchange',
    pki: peers.pki,
    users: { 'office@contoso.test': 'Off1ce-P@ss' },
  })
  const store = createMemorySecretStore()
  const profiles = await createProfileService({
    dataDir: dir,
    openSecrets: async () => ({ store, status: { kind: 'keychain' } }),
  })
  const jobs = await createJobService({ dataDir: join(dir, 'jobs') })
  outbox = createOutbox({
    dir: join(dir, 'outbox'),
    profiles,
    transportFor: () => ({ tls: { ca: [peers.pki.ca.cert] } }),
    backoff: { firstMs: 100, maxMs: 400 },
    // The profile names "localhost": the outbox resolves it itself (no DNS query of its own).
    lookup: async () => [{ address: '127.0.0.1', family: 4 }],
  })
  await outbox.start()
  const handlers = createHandlers({
    probes: createProbeService(peers.deps),
    jobs,
    profiles,
    reports: createReportService({
      jobs,
      outbox,
      appVersion: '0.1.0-test',
      now: () => new Date('2026-11-28T09:00:00Z'),
    }),
    outbox,
    online: createOnlineService({ check: async () => true }),
    openExternal: async () => {},
  })
  call = async (channel, payload) => await dispatch(handlers, channel, payload, { emit: () => {} })
  await call('profiles:save', {
    profile: {
      id: 'office-0001',
      name: 'Office reports',
      purpose: 'office-reports',
      address: 'office@contoso.test',
      username: 'office@contoso.test',
      method: 'basic',
      host: 'localhost',
      port: office.port,
      oauth: null,
    },
  })
  await call('profiles:set-secret', { id: 'office-0001', secret: 'Off1ce-P@ss' })
})
afterAll(async () => {
  await outbox?.stop()
  await office?.close()
  await rm(dir, { recursive: true, force: true })
})

describe('report and outbox channels', () => {
  it('builds the preview model and the PDF of a job, and sends it to the office', async () => {
    const created = (await call('jobs:create', {})).value as { id: string }
    const job = (await call('jobs:get', { id: created.id })).value as Job
    await call('jobs:save', {
      job: jobEdits({ ...job, customer: 'Contoso Dental', site: 'Lyon', technician: 'Alex' }),
    })

    const model = await call('report:build', { jobId: created.id })
    expect(model).toMatchObject({
      ok: true,
      value: {
        kind: 'scanpath-job-report',
        job: { customer: 'Contoso Dental' },
        verdict: { status: 'not-checked' },
      },
    })

    const pdf = (await call('report:pdf', { jobId: created.id })).value as {
      fileName: string
      base64: string
    }
    expect(pdf.fileName).toBe('scanpath-contoso-dental-2026-11-28.pdf')
    expect(Buffer.from(pdf.base64, 'base64').subarray(0, 5).toString()).toBe('%PDF-')

    const queued = (
      await call('outbox:enqueue', {
        jobId: created.id,
        profileId: 'office-0001',
        to: 'reports@contoso.test',
      })
    ).value as OutboxView
    expect(queued.state === 'queued' || queued.state === 'sending' || queued.state === 'sent').toBe(
      true,
    )
    await expect
      .poll(
        async () =>
          ((await call('outbox:list', {})).value as OutboxView[]).find((v) => v.id === queued.id)
            ?.state,
        { timeout: 10_000 },
      )
      .toBe('sent')
    expect(office.messages).toHaveLength(1)
    expect(office.messages[0]?.messageId).toBe(queued.messageId)
    expect(office.messages[0]?.data).toContain('Contoso Dental')
    expect(office.messages[0]?.data).toContain('application/pdf')
  })

  it('refuses a bad recipient and an unknown job with clear messages', async () => {
    const bad = await call('outbox:enqueue', {
      jobId: 'job-000000001',
      profileId: 'office-0001',
      to: 'reports',
    })
    expect(bad).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('to is not an email address') },
    })
    const missing = await call('report:build', { jobId: 'no-such-job-1' })
    expect(missing).toMatchObject({
      ok: false,
      error: { message: 'Could not build the report: no job no-such-job-1' },
    })
  })

  it('online: a TCP check says whether the host answers', async () => {
    const up = await tcpCheck(
      { lookup: async () => [{ address: '127.0.0.1', family: 4 }] },
      'office.test',
      office.port,
      1000,
    )()
    expect(up).toBe(true)
    const srv = net.createServer().listen(0, '127.0.0.1')
    await new Promise((r) => srv.once('listening', r))
    const closedPort = (srv.address() as net.AddressInfo).port
    await new Promise((r) => srv.close(r))
    const down = await tcpCheck(
      { lookup: async () => [{ address: '127.0.0.1', family: 4 }] },
      'office.test',
      closedPort,
      1000,
    )()
    expect(down).toBe(false)
    const flips: boolean[] = []
    let answer = false
    const online = createOnlineService({ check: async () => answer, intervalMs: 20 })
    online.start((s) => flips.push(s.online))
    await expect.poll(async () => (await online.status()).online).toBe(false)
    answer = true
    await expect.poll(() => flips).toEqual([true])
    online.stop()
  })
})
