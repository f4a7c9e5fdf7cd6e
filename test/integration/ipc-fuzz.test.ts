/**
 * Property-based fuzzing (fast-check) of every IPC invoke channel, through dispatch() and the real
 * handler table over real services (a temp data dir, a session secret store, the probe runner,
 * capture, discovery, reports, the outbox), the way the Electron transport calls them.
 *
 * For each channel of the contract (enumerated at run time from shared/schemas/ipc.ts, so a new channel
 * is fuzzed, or this file fails, without anyone remembering): hostile values and "almost valid"
 * payloads (a known-good payload with fields replaced, removed or added, or every field re-drawn
 * with its own type). Every call must resolve to a well-formed Result within a bounded time —
 * never a throw, a hang, an unhandled rejection or a polluted prototype; a payload the schema
 * refuses must come back as `invalid-payload` with a readable message, one it accepts as a value,
 * an `internal` error naming the channel, or `invalid-payload` when it is not JSON data; a
 * password never comes back, a job main holds is the job on disk, and every event a handler sends
 * is one of the contract's.
 *
 * Not wired (their channels answer "not available"): the OAuth provider (a real one waits on
 * Microsoft). The support service runs over a real log with the clipboard recorded. Discovery and capture are wired on
 * loopback with short timeouts; openExternal and the clipboard record what they were given.
 *
 * Network: every endpoint a handler could reach is a loopback peer of this file — a DNS server
 * (the run's resolver for every name), a port that closes each connection at once, a refused
 * port, the capture ports. Generated payloads whose validated form would reach anything else are
 * skipped (see `staysLocal`), and a tripwire (helpers/fuzz-loopback-guard.ts) fails the test if a
 * connection, datagram or DNS query goes anywhere else anyway.
 *
 * Also fuzzed: the sender check and the guard in front of dispatch, with random frames and URLs.
 * Fixed seed (FUZZ_SEED overrides; FUZZ_RUNS scales the run counts); a failure prints the seed.
 * FUZZ_VERBOSE=1 prints, per channel, how many calls were refused, answered, failed or skipped.
 */
import dns from 'node:dns'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import net, { isIP } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'

import { browsePrinters } from '../../electron/discovery/dns-sd'
import { identifyPrinter } from '../../electron/discovery/identify'
import { dispatch, type HandlerContext, type HandlerTable } from '../../electron/ipc/dispatch'
import { createIpcListener, type IpcEventLike } from '../../electron/ipc/guard'
import { createHandlers } from '../../electron/ipc/handlers'
import { isTrustedSender } from '../../electron/ipc/sender'
import { createOutbox } from '../../electron/mail/outbox'
import type { ProbeDeps } from '../../electron/probes/probe-deps'
import { createMemorySecretStore } from '../../electron/secrets'
import { createCaptureService } from '../../electron/services/capture-service'
import { createJobService } from '../../electron/services/job-service'
import { createOnlineService, tcpCheck } from '../../electron/services/online-service'
import { createProbeService } from '../../electron/services/probe-service'
import { createProfileService } from '../../electron/services/profile-service'
import { createRelayWatchService } from '../../electron/services/relay-watch-service'
import { watchRelay } from '../../electron/relay/status-link/client'
import { createReportService } from '../../electron/services/report-service'
import { createSupportService } from '../../electron/services/support-service'
import { createVerifyService } from '../../electron/services/verify-service'
import { createSupportLog, type SupportLog } from '../../electron/support/support-log'
import { parseIpHostPort } from '../../shared/host-syntax'
import { REQUEST_IN_WORDS } from '../../shared/ipc-request-words'
import {
  EVENT_CHANNELS,
  INVOKE_CHANNELS,
  isInvokeChannel,
  requestSchemas,
  type InvokeChannel,
  type InvokeRequest,
  type ParsedRequest,
} from '../../shared/schemas/ipc'
import { jobEdits, type Job } from '../../shared/job-types'
import type { MailboxProfile } from '../../shared/profile-types'
import { parsePublicIpSource } from '../../shared/public-ip-source'
import type { Result } from '../../shared/result'
import { startDnsServer, type DnsServer } from '../helpers/dns-server'
import {
  installLoopbackGuard,
  isLoopbackAddress,
  type LoopbackGuard,
} from '../helpers/fuzz-loopback-guard'
import {
  almostValid,
  fuzzParams,
  hostileKey,
  hostileString,
  hostileValue,
  POLLUTION_KEYS,
  withOwnKey,
} from '../helpers/fuzz-values'
import { freeTcpPort, freeUdpPort } from '../helpers/printer-peers'

const SEED = 0x1bc0f022
const params = (numRuns: number) => fuzzParams(numRuns, SEED)
/** No handler may take longer than this for a loopback peer (all of them answer or refuse at once). */
const CALL_BOUND_MS = 15_000
/** What a person can read in a dialog. */
const MAX_MESSAGE = 1000
const SECRET = 'Fuzz-S3cret-never-echoed'

/** Everything the handlers run against: loopback peers, a temp data dir, what they reached. */
interface Fixture {
  handlers: HandlerTable
  dataDir: string
  supportLog: SupportLog
  dns: DnsServer
  /** Accepts a TCP connection and closes it at once (a server that says nothing). */
  closerPort: number
  /** Nothing listens here: connections are refused. */
  refusedPort: number
  capturePorts: [number, number]
  /** Every port a handler may connect to. */
  tcpPorts: Set<number>
  logs: string[]
  events: unknown[]
  /** URLs the handlers asked to open in the browser. */
  opened: string[]
  /** Texts the handlers put on the clipboard. */
  clipboard: string[]
  job: Job
  outboxId: string
  close(): Promise<void>
}

let fx: Fixture
let guard: LoopbackGuard
const processFaults: string[] = []
const onRejection = (reason: unknown) =>
  processFaults.push(`unhandled rejection: ${String(reason)}`)
const onException = (error: Error) => processFaults.push(`uncaught exception: ${error.stack}`)

/** Names resolve only to themselves (IPs) and localhost; anything else does not exist. */
const loopbackLookup: ProbeDeps['lookup'] = async (host) => {
  const family = isIP(host)
  if (family !== 0) return [{ address: host, family: family as 4 | 6 }]
  if (host.toLowerCase() === 'localhost') return [{ address: '127.0.0.1', family: 4 }]
  throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' })
}

async function listenCloser(): Promise<{ port: number; close(): Promise<void> }> {
  const servers: net.Server[] = []
  const start = (host: string, port: number) =>
    new Promise<net.Server>((resolve, reject) => {
      const s = net.createServer((socket) => socket.destroy())
      s.once('error', reject)
      s.listen(port, host, () => resolve(s))
    })
  const v4 = await start('127.0.0.1', 0)
  servers.push(v4)
  const port = (v4.address() as net.AddressInfo).port
  // The same port on ::1 when this host has IPv6 loopback, so "::1" closes rather than refuses.
  await start('::1', port).then(
    (s) => servers.push(s),
    () => {},
  )
  return {
    port,
    close: async () => {
      await Promise.all(servers.map((s) => new Promise((r) => s.close(r))))
    },
  }
}

async function createFixture(allow: (...ports: number[]) => void): Promise<Fixture> {
  const dataDir = await mkdtemp(join(tmpdir(), 'scanpath-ipc-fuzz-'))
  const dns = await startDnsServer({ records: [] })
  const closer = await listenCloser()
  const refusedPort = await freeTcpPort()
  const snmpPort = await freeUdpPort()
  const mdnsPort = await freeUdpPort()
  const capturePorts: [number, number] = [await freeTcpPort(), await freeTcpPort()]
  allow(closer.port, refusedPort, dns.port, snmpPort, mdnsPort, ...capturePorts)
  const logs: string[] = []
  const events: unknown[] = []
  const opened: string[] = []
  const clipboard: string[] = []
  const deps: ProbeDeps = { lookup: loopbackLookup }

  const store = createMemorySecretStore()
  const profiles = await createProfileService({
    dataDir,
    openSecrets: async () => ({ store, status: { kind: 'session', reason: 'fuzz test' } }),
  })
  const jobs = await createJobService({ dataDir: join(dataDir, 'jobs') })
  // Not started: queued reports stay on disk (sending is the outbox's own test's business).
  const outbox = createOutbox({ dir: join(dataDir, 'outbox'), profiles, lookup: loopbackLookup })
  const capture = createCaptureService()
  // The fixture's job has no relay address: a watch is refused before anything connects.
  const relayWatch = createRelayWatchService({
    jobs,
    openSecrets: async () => ({ store }),
    watch: watchRelay,
    connectTimeoutMs: 300,
  })
  // The support service as main builds it, over a real log in the data folder; the clipboard and
  // the file manager are recorded.
  const supportLog = createSupportLog({ dir: join(dataDir, 'logs'), echo: false })
  const support = createSupportService({
    sources: {
      about: () => ({
        name: 'ScanPath',
        version: '0.0.0-fuzz',
        packaged: false,
        versions: { electron: '45.5.0', chrome: '142', node: process.versions.node },
        os: 'Linux (fuzz)',
        locale: 'en',
        dataDir,
        logFile: supportLog.file,
      }),
      homeDir: tmpdir(),
      storage: () => profiles.storage(),
      profiles: () => profiles.list(),
      outbox: () => outbox.list(),
      jobCount: async () => (await jobs.list()).length,
      storeProblems: () => jobs.problems(),
      logTail: (n) => supportLog.tail(n),
    },
    writeClipboard: (text) => {
      clipboard.push(text)
    },
    showItemInFolder: () => {},
  })
  const handlers = createHandlers({
    // Every run's names go to the loopback DNS server; its public-IP sources are loopback too.
    probes: createProbeService(deps, {
      dnsServer: dns.address,
      publicIpSources: [`http://127.0.0.1:${closer.port}/ip`],
      blocklists: ['bl.fuzz.invalid'],
    }),
    jobs,
    profiles,
    verify: createVerifyService({ profiles, deps }),
    reports: createReportService({ jobs, outbox, appVersion: '0.0.0-fuzz' }),
    outbox,
    online: createOnlineService({ check: tcpCheck(deps, '127.0.0.1', refusedPort, 500) }),
    capture,
    relayWatch,
    identify: (host, ippPort) =>
      identifyPrinter({ host, ippPort: ippPort ?? refusedPort, snmpPort, timeoutMs: 300 }),
    // Asked on loopback only, of a port where nothing answers, and not for whole seconds.
    browse: (timeoutMs) =>
      browsePrinters({
        timeoutMs: Math.min(timeoutMs, 250),
        interfaces: ['127.0.0.1'],
        group: '127.0.0.1',
        port: mdnsPort,
      }),
    openExternal: async (url) => {
      opened.push(url)
    },
    // Electron's clipboard in the app; here the texts are kept.
    writeClipboard: (text) => {
      clipboard.push(text)
    },
    support,
  })

  const fixture = {
    handlers,
    dataDir,
    // Main logs handler failures to the support log: so does the fixture (no secret may land).
    supportLog,
    dns,
    closerPort: closer.port,
    refusedPort,
    capturePorts,
    tcpPorts: new Set([closer.port, refusedPort, dns.port, ...capturePorts]),
    logs,
    events,
    opened,
    clipboard,
    job: undefined as unknown as Job,
    outboxId: '',
    close: async () => {
      relayWatch.stopAll()
      await capture.stop()
      await outbox.stop()
      await closer.close()
      await dns.close()
      await rm(dataDir, { recursive: true, force: true })
    },
  } satisfies Fixture

  // The state the seeds refer to: a job with a report (kept by main from a run for the job),
  // mailbox profiles, a queued report.
  const must = async <T>(channel: InvokeChannel, payload: unknown): Promise<T> => {
    const r = await call(fixture, channel, payload)
    if (!r.ok) throw new Error(`fixture: ${channel} failed: ${r.error.message}`)
    return r.value as T
  }
  const created = await must<Job>('jobs:create', {})
  await must('probes:run', { ...probeSeeds(fixture)[0], jobId: created.id })
  await must('jobs:save', {
    job: jobEdits({
      ...created,
      customer: 'Fuzz Dental',
      site: 'Loopback',
      domain: 'fuzz.invalid',
      method: 'client-submission-basic',
      checklist: { 'connector-created': { done: true, note: 'by the fuzz fixture' } },
    }),
  })
  fixture.job = await must<Job>('jobs:get', { id: created.id })
  if (!fixture.job.lastReport) throw new Error('fixture: the run did not go into the job')
  for (const profile of profileSeeds(fixture)) await must('profiles:save', { profile })
  await must('profiles:set-secret', { id: 'fuzz-device-0001', secret: SECRET })
  const queued = await must<{ id: string }>('outbox:enqueue', {
    jobId: created.id,
    profileId: 'fuzz-office-0001',
    to: 'office@fuzz.invalid',
  })
  fixture.outboxId = queued.id
  return fixture
}

function call(f: Fixture, channel: unknown, payload: unknown): Promise<Result<unknown>> {
  const ctx: HandlerContext = { emit: (event, body) => f.events.push({ event, body }) }
  return dispatch(f.handlers, channel, payload, ctx, (m) => {
    f.logs.push(m)
    f.supportLog.write('error', m)
  })
}

async function within<T>(ms: number, what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not settle within ${ms} ms`)), ms)
  })
  try {
    return await Promise.race([work, late])
  } finally {
    clearTimeout(timer)
  }
}

// --- What a loopback-only payload is ---------------------------------------------------------

type Target = 'loopback' | 'name' | 'remote'
function target(host: string): Target {
  const h = host.replace(/^\[|\]$/g, '')
  if (isIP(h) !== 0) return isLoopbackAddress(h) ? 'loopback' : 'remote'
  return h.toLowerCase() === 'localhost' ? 'loopback' : 'name'
}

/** A DNS server spec that is our loopback DNS server exactly (anything else could be waited on). */
function isOurDns(f: Fixture, host: string, port: number): boolean {
  return host === '127.0.0.1' && port === f.dns.port
}

// --- Per-channel specs --------------------------------------------------------------------

interface ChannelFuzz<C extends InvokeChannel> {
  /** Property runs (each is one call). */
  runs: number
  /** Known-good payloads that stay on the loopback peers; the almost-valid ones derive from them. */
  seeds(f: Fixture): Array<InvokeRequest<C>>
  /**
   * For a payload the schema accepts: whether handling it reaches only our loopback peers.
   * Payloads that would reach anything else are not sent (the channel's validation is still
   * fuzzed by all the others). Absent: the channel does no network work of its own.
   */
  staysLocal?(req: ParsedRequest<C>, f: Fixture): boolean
  /** More payloads for the channel's own weak spots (free-form fields), mixed in with the rest. */
  extra?(f: Fixture): fc.Arbitrary<unknown>
  /** An invariant that must hold after every call of the channel, whatever it answered. */
  after?(f: Fixture): Promise<void>
}

/** What the technician typed for the job, with one checklist item under any key and note. */
function withChecklistItem(job: Job, key: string, note: string) {
  return { ...jobEdits(job), checklist: withOwnKey(key, { done: true, note }, job.checklist) }
}

/** What main holds for a job is what it wrote: a failed save must not leave a different job. */
async function expectJobOnDisk(f: Fixture, id: string): Promise<void> {
  const held = await call(f, 'jobs:get', { id })
  if (!held.ok) throw new Error(`jobs:get ${id}: ${held.error.message}`)
  const onDisk: unknown = JSON.parse(await readFile(join(f.dataDir, 'jobs', `${id}.json`), 'utf8'))
  let inMemory: unknown
  try {
    inMemory = JSON.parse(JSON.stringify(held.value))
  } catch (e) {
    throw new Error(`job ${id} in memory cannot be written as it is: ${(e as Error).message}`, {
      cause: e,
    })
  }
  expect(onDisk, `job ${id} in memory and on disk`).toEqual(inMemory)
}

function probeSeeds(f: Fixture): Array<InvokeRequest<'probes:run'>> {
  return [
    {
      runId: 'fuzz-run-0001',
      options: {
        submissionHost: '127.0.0.1',
        submissionPort: f.closerPort,
        smtpPort: f.refusedPort,
        implicitTlsPort: f.closerPort,
        timeoutMs: 500,
        checkPublicIp: false,
        checkBlocklists: false,
      },
    },
    {
      runId: 'fuzz-run-0002',
      options: {
        submissionHost: 'smtp.fuzz.invalid',
        mxHost: 'mx.fuzz.invalid',
        domain: 'fuzz.invalid',
        ehloName: 'scanner.fuzz.invalid',
        timeoutMs: 300,
        dnsServer: f.dns.address,
        publicIpSources: [
          `http://127.0.0.1:${f.closerPort}/ip`,
          `https://ip.fuzz.invalid/`,
          `dns-ip:myip.fuzz.invalid@${f.dns.address}`,
          `dns-txt:o-o.fuzz.invalid@${f.dns.address}`,
        ],
        blocklists: ['bl.fuzz.invalid', 'zen.fuzz.invalid'],
      },
    },
    { runId: 'fuzz-run-0003', options: {} },
  ]
}

function profileSeeds(f: Fixture): MailboxProfile[] {
  return [
    {
      id: 'fuzz-device-0001',
      name: 'Fuzz scanner',
      purpose: 'device',
      address: 'scanner@fuzz.invalid',
      username: 'scanner@fuzz.invalid',
      method: 'basic',
      host: '127.0.0.1',
      port: f.closerPort,
      oauth: null,
    },
    {
      id: 'fuzz-office-0001',
      name: 'Fuzz office',
      purpose: 'office-reports',
      address: 'office@fuzz.invalid',
      username: 'office@fuzz.invalid',
      method: 'basic',
      host: 'smtp.fuzz.invalid',
      port: 587,
      oauth: null,
    },
    {
      id: 'fuzz-oauth-0001',
      name: 'Fuzz OAuth',
      purpose: 'device',
      address: 'oauth@fuzz.invalid',
      username: 'oauth@fuzz.invalid',
      method: 'oauth',
      host: 'localhost',
      port: f.refusedPort,
      oauth: { clientId: '00000000-0000-4000-8000-000000000000', tenant: 'organizations' },
    },
    {
      id: 'fuzz-scratch-0001',
      name: 'Scratch',
      purpose: 'device',
      address: 'scratch@fuzz.invalid',
      username: 'scratch',
      method: 'basic',
      host: 'scratch.fuzz.invalid',
      port: 25,
      oauth: null,
    },
  ]
}

const empty = { runs: 80, seeds: () => [{}] }

const CHANNELS: { [C in InvokeChannel]: ChannelFuzz<C> } = {
  'probes:run': {
    runs: 50,
    // A run for the job too: main keeps its report in the job (and sends jobs:measured).
    seeds: (f) => [...probeSeeds(f), { ...probeSeeds(f)[0]!, jobId: f.job.id }],
    staysLocal: ({ options: o }, f) => {
      const hosts = [o.submissionHost, ...(o.mxHost ? [o.mxHost] : [])].map(target)
      if (hosts.includes('remote')) return false
      const ports = [o.submissionPort, o.smtpPort, o.implicitTlsPort]
      if (hosts.includes('loopback') && !ports.every((p) => f.tcpPorts.has(p))) return false
      if (o.dnsServer !== undefined) {
        const server = parseIpHostPort(o.dnsServer, 53)
        if (typeof server === 'string' || !isOurDns(f, server.host, server.port)) return false
      }
      return (o.publicIpSources ?? []).every((spec) => {
        const s = parsePublicIpSource(spec)
        if (typeof s === 'string') return false
        if (s.kind === 'dns') return isOurDns(f, s.server, s.port)
        const url = new URL(s.url)
        const t = target(url.hostname)
        return t === 'name' || (t === 'loopback' && f.tcpPorts.has(Number(url.port)))
      })
    },
    after: (f) => expectJobOnDisk(f, f.job.id),
  },
  'probes:cancel': { runs: 80, seeds: () => [{ runId: 'fuzz-run-0001' }] },
  'app:open-external': {
    runs: 120,
    seeds: () => [
      { url: 'https://learn.microsoft.com/en-us/exchange/mail-flow-best-practices/' },
      { url: 'https://aka.ms/smtp_auth_disabled' },
    ],
  },
  'jobs:list': empty,
  'jobs:create': empty,
  'jobs:get': { runs: 80, seeds: (f) => [{ id: f.job.id }] },
  'jobs:save': {
    runs: 120,
    seeds: (f) => [{ job: jobEdits(f.job) }],
    extra: (f) =>
      fc
        .tuple(hostileKey, hostileString)
        .map(([key, note]) => ({ job: withChecklistItem(f.job, key, note) })),
    after: (f) => expectJobOnDisk(f, f.job.id),
  },
  'profiles:list': empty,
  'profiles:save': {
    runs: 120,
    seeds: (f) => profileSeeds(f).map((profile) => ({ profile })),
    staysLocal: ({ profile }, f) => {
      // Verify and the outbox connect to it later; names resolve to nothing but localhost.
      const t = target(profile.host)
      return t === 'name' || (t === 'loopback' && f.tcpPorts.has(profile.port))
    },
  },
  'profiles:delete': { runs: 80, seeds: () => [{ id: 'fuzz-scratch-0001' }] },
  'profiles:set-secret': {
    runs: 80,
    seeds: () => [
      { id: 'fuzz-device-0001', secret: SECRET },
      { id: 'fuzz-oauth-0001', secret: SECRET },
    ],
  },
  'profiles:forget-secret': { runs: 60, seeds: () => [{ id: 'fuzz-scratch-0001' }] },
  // No OAuth provider is wired: sign-in ends at once (a real one would wait on Microsoft).
  'profiles:oauth-sign-in': {
    runs: 60,
    seeds: () => [{ id: 'fuzz-oauth-0001' }, { id: 'fuzz-device-0001' }],
  },
  'profiles:oauth-cancel': { runs: 60, seeds: () => [{ id: 'fuzz-oauth-0001' }] },
  'report:build': { runs: 60, seeds: (f) => [{ jobId: f.job.id }] },
  'report:pdf': { runs: 24, seeds: (f) => [{ jobId: f.job.id }] },
  'report:checklist-pdf': { runs: 24, seeds: (f) => [{ jobId: f.job.id }] },
  'outbox:enqueue': {
    runs: 30,
    seeds: (f) => [{ jobId: f.job.id, profileId: 'fuzz-office-0001', to: 'office@fuzz.invalid' }],
  },
  'outbox:list': empty,
  'outbox:retry': { runs: 60, seeds: (f) => [{ id: f.outboxId }] },
  'app:online': empty,
  'capture:start': {
    runs: 50,
    seeds: (f) => [
      {
        deviceAddress: null,
        listenAddress: '127.0.0.1',
        port: f.capturePorts[0],
        tlsPort: f.capturePorts[1],
        timeoutS: 10,
      },
      {
        deviceAddress: '127.0.0.1',
        listenAddress: null,
        port: f.capturePorts[1],
        tlsPort: null,
        timeoutS: 3600,
      },
      // For the job: main keeps the finished sessions in it (none here: no device connects).
      {
        jobId: f.job.id,
        deviceAddress: null,
        listenAddress: '127.0.0.1',
        port: f.capturePorts[0],
        tlsPort: null,
        timeoutS: 10,
      },
    ],
    staysLocal: (req, f) => {
      // It listens (never connects): on loopback, or a wildcard, which the service must refuse.
      const own = (p: number | null) => p === null || f.capturePorts.includes(p)
      if (!own(req.port) || !own(req.tlsPort)) return false
      if (req.listenAddress !== null)
        return ['0.0.0.0', '::'].includes(req.listenAddress) || isLoopbackAddress(req.listenAddress)
      return req.deviceAddress === null || isLoopbackAddress(req.deviceAddress)
    },
  },
  'capture:status': empty,
  'capture:stop': empty,
  'discovery:identify': {
    runs: 50,
    seeds: (f) => [{ host: '127.0.0.1' }, { host: 'localhost', ippPort: f.closerPort }],
    // Discovery resolves names with the system resolver: only loopback spellings are sent.
    staysLocal: (req, f) =>
      target(req.host) === 'loopback' && (req.ippPort === undefined || f.tcpPorts.has(req.ippPort)),
  },
  'discovery:browse': { runs: 30, seeds: () => [{ timeoutS: 1 }, { timeoutS: 10 }] },
  'app:store-problems': empty,
  'app:about': empty,
  'app:copy-diagnostics': empty,
  'app:show-log': empty,
  'app:copy-text': {
    runs: 60,
    seeds: () => [{ text: 'Site checks for Contoso Dental: 3 passed, 1 failed.' }],
  },
  'verify:mx-send': {
    runs: 50,
    seeds: (f) => [
      {
        method: 'direct-send',
        mxHost: 'localhost',
        mxPort: f.closerPort,
        from: 'scanner@fuzz.invalid',
        to: 'frontdesk@fuzz.invalid',
        timeoutMs: 300,
      },
      {
        method: 'relay',
        mxHost: 'fuzz-mx.fuzz.invalid',
        mxPort: f.closerPort,
        from: 'scanner@fuzz.invalid',
        to: 'someone@fuzz.invalid',
        connectorIp: '203.0.113.7',
        jobLabel: 'Fuzz Ltd',
        spf: 'not-pass',
        timeoutMs: 300,
      },
    ],
    // Names resolve to localhost only (the fixture's lookup); a loopback port must be ours.
    staysLocal: (req, f) => {
      const t = target(req.mxHost)
      return t === 'name' || (t === 'loopback' && f.tcpPorts.has(req.mxPort))
    },
  },
  // The relay's address comes from the job (the fixture's has none, so no watch connects); the
  // code never comes back (the view says only whether one is kept).
  'relayWatch:start': {
    runs: 60,
    seeds: (f) => [
      { jobId: f.job.id, port: f.refusedPort, code: '7KQ4-M2XD-9T3P-HWRB-5N8E' },
      { jobId: f.job.id, code: null },
    ],
  },
  'relayWatch:stop': { runs: 40, seeds: (f) => [{ jobId: f.job.id }] },
  'relayWatch:status': { runs: 40, seeds: (f) => [{ jobId: f.job.id, port: 2580 }] },
  'verify:run': {
    runs: 50,
    seeds: () => [
      { profileId: 'fuzz-device-0001', sendTo: null, timeoutMs: 500 },
      { profileId: 'fuzz-device-0001', sendTo: 'helpdesk@fuzz.invalid', timeoutMs: 300 },
      { profileId: 'fuzz-oauth-0001', sendTo: null, timeoutMs: 300 },
    ],
  },
}

// --- Checks on every Result ------------------------------------------------------------------

const CONTROL = /\p{Cc}/u
const LONE_SURROGATE = /[\ud800-\udfff]/u

function expectReadable(message: unknown, prefix: string): void {
  expect(typeof message, 'the error message is a string').toBe('string')
  const m = message as string
  expect(m.startsWith(prefix), `"${m.slice(0, 200)}" starts with "${prefix}"`).toBe(true)
  expect(m.length - prefix.length, 'the message says something after its prefix').toBeGreaterThan(0)
  expect(m.length, `message of ${m.length} characters: ${m.slice(0, 200)}…`).toBeLessThanOrEqual(
    MAX_MESSAGE,
  )
  expect(CONTROL.test(m), `control character in ${JSON.stringify(m.slice(0, 200))}`).toBe(false)
  expect(LONE_SURROGATE.test(m), `lone surrogate in ${JSON.stringify(m.slice(0, 200))}`).toBe(false)
}

/** How dispatch words a request that its schema accepts but that is not JSON data. */
const NOT_JSON_DATA =
  /(not JSON data|refers back to itself|is not a finite number|is nested more than 32 levels deep|holds more than \d+ values)$/

/** JSON data within dispatch's bounds: at most 32 levels deep, and unchanged by a JSON round trip. */
function isJsonData(v: unknown): boolean {
  const todo: Array<[unknown, number]> = [[v, 0]]
  const seen = new Set<unknown>()
  let values = 0
  while (todo.length > 0) {
    const [x, depth] = todo.pop()!
    if (x === null || typeof x !== 'object' || seen.has(x)) continue
    if (depth >= 32) return false
    // Counted by claimed length: JSON.stringify of a sparse array of 2^28 holes kills V8 (see
    // dispatch.test.ts), so a value that big is judged without a round trip.
    values += Array.isArray(x) ? x.length : Object.keys(x).length
    if (values > 1_000_000) return false
    seen.add(x)
    for (const item of Object.values(x)) todo.push([item, depth + 1])
  }
  try {
    expect(JSON.parse(JSON.stringify(v))).toEqual(v)
    return true
  } catch {
    return false
  }
}

/** A Result exactly: `{ ok: true, value }` or `{ ok: false, error: { code, message } }`. */
function expectResultShape(r: unknown): asserts r is Result<unknown> {
  expect(r !== null && typeof r === 'object', 'dispatch resolved to an object').toBe(true)
  const o = r as Record<string, unknown>
  if (o['ok'] === true) {
    expect(Object.keys(o).sort()).toEqual(['ok', 'value'])
  } else {
    expect(o['ok']).toBe(false)
    expect(Object.keys(o).sort()).toEqual(['error', 'ok'])
    const error = o['error'] as Record<string, unknown>
    // Only an unexpected failure carries its reason apart, for a panel that names the request.
    expect(Object.keys(error).sort()).toEqual(
      error['code'] === 'internal' ? ['code', 'message', 'reason'] : ['code', 'message'],
    )
  }
  // It crosses back to the renderer by structured clone.
  expect(() => structuredClone(r)).not.toThrow()
}

const prototypeKeys = () =>
  [Object.prototype, Array.prototype, Function.prototype, String.prototype].map((p) =>
    Object.getOwnPropertyNames(p).sort().join(','),
  )
let pristinePrototypes: string[] = []

function expectNoSideEffects(): void {
  // Taken out before the checks, so one failure is reported once, not by every later test.
  const faults = processFaults.splice(0)
  const violations = guard.violations.splice(0)
  expect(faults, 'the process saw an unhandled rejection or exception').toEqual([])
  expect(violations, 'a handler reached beyond the loopback peers').toEqual([])
  expect(prototypeKeys(), 'a prototype gained or lost a property').toEqual(pristinePrototypes)
  for (const key of ['polluted', 'prototype']) {
    expect(({} as Record<string, unknown>)[key], `Object.prototype.${key}`).toBeUndefined()
  }
}

// --- Tests -------------------------------------------------------------------------------

beforeAll(async () => {
  process.on('unhandledRejection', onRejection)
  process.on('uncaughtException', onException)
  pristinePrototypes = prototypeKeys()
  // Installed before the fixture, so its own set-up is held to the same rule.
  guard = installLoopbackGuard([])
  fx = await createFixture((...ports) => guard.allow(...ports))
  expect(guard.violations, 'the fixture itself reached beyond loopback').toEqual([])
}, 60_000)

afterEach(() => {
  expectNoSideEffects()
})

afterAll(async () => {
  await fx?.close()
  guard?.uninstall()
  process.off('unhandledRejection', onRejection)
  process.off('uncaughtException', onException)
})

describe('IPC channels under fuzzing', () => {
  // Checked on loopback ports outside the allow-list, so even a broken guard sends nothing out.
  it('has a working tripwire: connections and DNS queries elsewhere are refused and recorded', async () => {
    const tcp = await new Promise<string>((resolve) => {
      const s = net.connect({ host: '127.0.0.1', port: 1 })
      s.on('connect', () => resolve('connected'))
      s.on('error', (e) => resolve(e.message))
    })
    expect(tcp).toContain('blocked by the loopback guard')
    const resolver = new dns.promises.Resolver({ timeout: 200, tries: 1 })
    resolver.setServers(['127.0.0.1:1'])
    await expect(resolver.resolve4('guard-check.invalid')).rejects.toMatchObject({
      code: 'EREFUSED',
    })
    expect(guard.violations.splice(0)).toEqual([
      'tcp 127.0.0.1:1',
      'dns guard-check.invalid via 127.0.0.1:1',
    ])
  })

  it('has a fuzz spec, with valid loopback seeds, for every channel of the contract', () => {
    const specs = CHANNELS as Record<string, ChannelFuzz<InvokeChannel> | undefined>
    expect({
      withoutSpec: INVOKE_CHANNELS.filter((c) => !specs[c]),
      notInContract: Object.keys(CHANNELS).filter((c) => !isInvokeChannel(c)),
    }).toEqual({ withoutSpec: [], notInContract: [] })
    for (const channel of INVOKE_CHANNELS) {
      const spec = specs[channel]!
      const seeds = spec.seeds(fx)
      expect(seeds.length, `${channel} has seeds`).toBeGreaterThan(0)
      for (const seed of seeds) {
        const parsed = requestSchemas[channel].safeParse(seed)
        expect(parsed.success, `${channel} seed ${JSON.stringify(seed)} is valid`).toBe(true)
        const local = spec.staysLocal as ((req: unknown, f: Fixture) => boolean) | undefined
        expect(local?.(parsed.data, fx) ?? true, `${channel} seed stays on loopback`).toBe(true)
      }
    }
  })

  for (const channel of INVOKE_CHANNELS) {
    it(`${channel}: any payload gets a Result in bounded time, never a throw`, async () => {
      const spec = (CHANNELS as Record<string, ChannelFuzz<InvokeChannel> | undefined>)[channel]
      if (!spec) throw new Error(`no fuzz spec for ${channel}: add one to CHANNELS in this file`)
      const staysLocal = spec.staysLocal as ((req: unknown, f: Fixture) => boolean) | undefined
      const secrets = new Set([SECRET])
      const payloads = fc.oneof(
        { weight: 1, arbitrary: hostileValue },
        { weight: 3, arbitrary: almostValid(spec.seeds(fx)) },
        ...(spec.extra ? [{ weight: 2, arbitrary: spec.extra(fx) }] : []),
      )
      const tally = { refused: 0, value: 0, internal: 0, skipped: 0 }
      await fc.assert(
        fc.asyncProperty(payloads, async (payload) => {
          const parsed = requestSchemas[channel].safeParse(payload)
          if (parsed.success && staysLocal && !staysLocal(parsed.data, fx)) {
            tally.skipped++
            fc.pre(false)
          }
          // A secret main stored must never come back. Only variants of SECRET are tracked: a
          // hostile string used as a secret may also be a profile's name, which does come back.
          const secret = parsed.success ? (parsed.data as { secret?: unknown }).secret : undefined
          if (typeof secret === 'string' && /s3cret-never/i.test(secret)) secrets.add(secret)
          const logsBefore = fx.logs.length
          const r = await within(CALL_BOUND_MS, channel, call(fx, channel, payload))
          if (channel === 'capture:start') await call(fx, 'capture:stop', {})
          expectResultShape(r)
          tally[r.ok ? 'value' : r.error.code === 'internal' ? 'internal' : 'refused']++
          if (!parsed.success) {
            expect(r.ok ? 'ok' : r.error.code, 'a payload the schema refuses').toBe(
              'invalid-payload',
            )
            if (!r.ok) expectReadable(r.error.message, `Invalid request for ${channel}: `)
          } else if (!r.ok && r.error.code === 'invalid-payload') {
            // Valid by its schema, refused as not JSON data: only when it really is not.
            expectReadable(r.error.message, `Invalid request for ${channel}: `)
            expect(r.error.message).toMatch(NOT_JSON_DATA)
            expect(isJsonData(parsed.data), `${r.error.message}, yet it is JSON data`).toBe(false)
          } else if (!r.ok) {
            expect(r.error.code, r.error.message).toBe('internal')
            // Said in words: no channel name reaches a person (issue 15).
            expectReadable(r.error.message, `Could not ${REQUEST_IN_WORDS[channel]}: `)
            expect(r.error.message).not.toContain(channel)
            expect(r.error.message.endsWith(r.error.reason ?? '\u0000'), 'the reason ends it').toBe(
              true,
            )
          }
          for (const e of fx.events as Array<{ event: unknown }>)
            expect(EVENT_CHANNELS, 'an event the contract lists').toContain(e.event)
          const seen = JSON.stringify([r, fx.events, fx.logs.slice(logsBefore)])
          for (const s of secrets)
            expect(
              seen.includes(s),
              `the secret ${JSON.stringify(s)} came back in ${seen.slice(0, 300)}`,
            ).toBe(false)
          fx.events.length = 0
          await spec.after?.(fx)
          expectNoSideEffects()
        }),
        params(spec.runs),
      )
      if (process.env['FUZZ_VERBOSE']) console.log(channel, tally)
      // The almost-valid payloads must get past validation often enough to fuzz the handler too.
      expect(
        tally.value + tally.internal,
        `${channel}: payloads that reached the handler (${JSON.stringify(tally)})`,
      ).toBeGreaterThanOrEqual(Math.ceil(spec.runs / 10))
    })
  }

  it('opened only checked https links, and copied only what the schema allows', () => {
    expect(fx.opened.length).toBeGreaterThan(0)
    for (const url of fx.opened) expect(url).toMatch(/^https:\/\/[^\s/?#@]+(?:[/?#]|$)/)
    expect(fx.clipboard.length).toBeGreaterThan(0)
    for (const text of fx.clipboard) {
      expect(typeof text).toBe('string')
      expect(text.length).toBeGreaterThan(0)
      expect(text.length).toBeLessThanOrEqual(64 * 1024)
    }
  })

  it('answers any other channel name with unknown-channel', async () => {
    const names = fc.oneof(
      hostileString,
      hostileValue,
      fc.constantFrom(
        ...POLLUTION_KEYS,
        'probes:run ',
        'PROBES:RUN',
        'probes:run\u0000',
        'probes:progress',
        'fs:read',
      ),
      fc.constantFrom(...INVOKE_CHANNELS).map((c) => `${c}:x`),
    )
    await fc.assert(
      fc.asyncProperty(names, hostileValue, async (name, payload) => {
        fc.pre(!isInvokeChannel(name))
        const r = await within(CALL_BOUND_MS, 'unknown channel', call(fx, name, payload))
        expectResultShape(r)
        expect(r.ok ? 'ok' : r.error.code).toBe('unknown-channel')
        if (!r.ok) expectReadable(r.error.message, 'Unknown channel ')
      }),
      params(150),
    )
  })

  it('wrote no secret to disk', async () => {
    const files: string[] = []
    const walk = async (dir: string): Promise<void> => {
      for (const e of await readdir(dir, { withFileTypes: true })) {
        const p = join(dir, e.name)
        if (e.isDirectory()) await walk(p)
        else files.push(p)
      }
    }
    await fx.supportLog.flush()
    await walk(fx.dataDir)
    expect(files.length).toBeGreaterThan(0)
    for (const file of files) expect((await readFile(file)).includes(SECRET), file).toBe(false)
  })
})

describe('sender check and guard under fuzzing', () => {
  const APPS = [
    'file:///opt/ScanPath/resources/app.asar/out/renderer/index.html',
    'http://localhost:5173/',
  ]
  const OUR_ID = 7

  /** Our page written another way (true) or a near miss (false), per app URL. */
  const NEAR: Record<string, Array<{ url: string; ours: boolean }>> = {
    [APPS[0]!]: [
      { url: `${APPS[0]}#/site-checks`, ours: true },
      { url: APPS[0]!.replace('/renderer/', '/renderer/./'), ours: true },
      { url: APPS[0]!.replace('/out/', '/out/x/../'), ours: true },
      { url: `${APPS[0]}x`, ours: false },
      { url: `${APPS[0]}/../other.html`, ours: false },
      { url: APPS[0]!.replace('index.html', 'evil.html'), ours: false },
      { url: APPS[0]!.replace('index.html', 'index%2Ehtml'), ours: false },
      { url: APPS[0]!.replace('file:///', 'file://evil.invalid/'), ours: false },
      { url: APPS[0]!.replace('file:', 'https:'), ours: false },
      { url: `blob:${APPS[0]}`, ours: false },
      { url: `view-source:${APPS[0]}`, ours: false },
      { url: APPS[0]!.toUpperCase(), ours: false },
    ],
    [APPS[1]!]: [
      { url: 'HTTP://LOCALHOST:5173/', ours: true },
      { url: 'http://localhost:5173', ours: true },
      { url: 'http://localhost:05173/', ours: true },
      { url: 'http://localhost:5173/x/../', ours: true },
      { url: 'http://localhost:5174/', ours: false },
      { url: 'http://localhost.evil.invalid:5173/', ours: false },
      { url: 'http://localhost:5173@evil.invalid/', ours: false },
      { url: 'https://localhost:5173/', ours: false },
      { url: 'http://127.0.0.1:5173/', ours: false },
      { url: 'http://localhost:5173/x', ours: false },
      { url: 'ws://localhost:5173/', ours: false },
    ],
  }

  /** A frame URL and whether it is our page, decided by how it was made (not by re-checking). */
  const frameUrl = (app: string): fc.Arbitrary<{ url: string; ours: boolean }> => {
    const host = new URL(app).host
    return fc.oneof(
      // Elsewhere on the web, or not a URL at all.
      fc
        .webUrl({ withQueryParameters: true, withFragments: true })
        .filter((u) => new URL(u).host !== host)
        .map((url) => ({ url, ours: false })),
      hostileString
        .filter((u) => !u.startsWith('file:') && !u.toLowerCase().includes('localhost'))
        .map((url) => ({ url, ours: false })),
      // Our page with any query and fragment: still our page.
      fc
        .tuple(fc.webQueryParameters(), fc.webFragments())
        .map(([q, h]) => ({ url: `${app}?${q}#${h}`, ours: true })),
      fc.constantFrom(...NEAR[app]!),
    )
  }

  const event = (app: string) =>
    fc.record({
      id: fc.oneof(fc.constant(OUR_ID), fc.integer()),
      frame: fc.oneof(
        { weight: 1, arbitrary: fc.constant(null) },
        {
          weight: 6,
          arbitrary: fc.record({
            page: frameUrl(app),
            parent: fc.oneof(
              { weight: 4, arbitrary: fc.constant(null) },
              { weight: 1, arbitrary: hostileValue },
            ),
          }),
        },
      ),
    })

  const asEvent = (id: number, frame: { page: { url: string }; parent: unknown } | null) => ({
    sender: { id },
    senderFrame: frame && { url: frame.page.url, parent: frame.parent },
  })

  it('trusts exactly our own page in the main frame of our own window', () => {
    for (const app of APPS) {
      fc.assert(
        fc.property(event(app), ({ id, frame }) => {
          const trusted = isTrustedSender(asEvent(id, frame), {
            webContentsIds: new Set([OUR_ID]),
            appUrl: app,
          })
          const expected =
            id === OUR_ID && frame !== null && frame.parent === null && frame.page.ours
          expect(trusted).toBe(expected)
        }),
        params(400),
      )
    }
  })

  it('refuses every call from an untrusted sender before any handler runs', async () => {
    const app = APPS[0]!
    const reached: string[] = []
    // The real table, each handler noting that it was reached.
    const spied = Object.fromEntries(
      Object.entries(fx.handlers).map(([name, handler]) => [
        name,
        (...args: unknown[]) => {
          reached.push(name)
          return (handler as (...a: unknown[]) => unknown)(...args)
        },
      ]),
    ) as unknown as HandlerTable
    const refusals: string[] = []
    const listen = createIpcListener(
      spied,
      (e) => isTrustedSender(e, { webContentsIds: new Set([OUR_ID]), appUrl: app }),
      (m) => refusals.push(m),
    )
    await fc.assert(
      fc.asyncProperty(
        event(app),
        fc.constantFrom(...INVOKE_CHANNELS),
        hostileValue,
        async ({ id, frame }, channel, payload) => {
          const e = asEvent(id, frame)
          fc.pre(!isTrustedSender(e, { webContentsIds: new Set([OUR_ID]), appUrl: app }))
          const ipcEvent: IpcEventLike = {
            ...e,
            sender: { id, isDestroyed: () => false, send: () => reached.push('event') },
          }
          const before = refusals.length
          const r = await within(CALL_BOUND_MS, channel, listen(channel)(ipcEvent, payload))
          expect(r).toEqual({
            ok: false,
            error: {
              code: 'forbidden-sender',
              message: 'This window is not allowed to call ScanPath.',
            },
          })
          expect(reached).toEqual([])
          expect(refusals.length).toBe(before + 1)
          expect(refusals.at(-1)).toContain(`refused ${channel}`)
        },
      ),
      params(200),
    )
  })
})
