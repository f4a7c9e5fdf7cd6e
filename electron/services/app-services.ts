/**
 * The one composition of main's services, for the app (electron/main.ts) and the browser test
 * host: what differs between them — the data folder, the keychain, how the checks reach the
 * network, the clipboard and the browser — is passed in; the wiring itself is done here once.
 */
import { join } from 'node:path'

import type { OutboxView } from '../../shared/outbox-types'
import type { SecretStorageStatus } from '../../shared/profile-types'
import type { DiagnoseOptions } from '../../shared/schemas/diagnose-options'
import type { AboutInfo } from '../../shared/support-types'
import type { AppServices } from '../ipc/handlers'
import { createOutbox, type Outbox, type OutboxOptions } from '../mail/outbox'
import { defaultProbeDeps, type ProbeDeps } from '../probes/probe-deps'
import { watchRelay } from '../relay/status-link/client'
import type { SecretStore } from '../secrets/secret-store'
import { createCaptureService } from './capture-service'
import { createJobService } from './job-service'
import { createOnlineService } from './online-service'
import { createProbeService, type ProbeService } from './probe-service'
import { createProfileService, type OAuthProvider } from './profile-service'
import { createRelayWatchService } from './relay-watch-service'
import { createReportService } from './report-service'
import { createSupportService } from './support-service'
import { createVerifyService } from './verify-service'

export interface AppServiceOptions {
  /**
   * The data folder: jobs/, profiles.json and outbox/ go there. Without one, jobs and profiles
   * live in memory and there is no office outbox (a manual test host).
   */
  dataDir?: string
  appVersion: string
  /** How the checks reach the network (the system's resolver and sockets by default). */
  probeDeps?: ProbeDeps
  /** What a site-check run uses when its request leaves it out (a test host: local peers). */
  siteDefaults?: Partial<Pick<DiagnoseOptions, 'dnsServer' | 'publicIpSources' | 'blocklists'>>
  /** Opens the secret store, on first use: a keychain probe can wait on an unlock prompt. */
  openSecrets: () => Promise<{ store: SecretStore; status: SecretStorageStatus }>
  oauth?: OAuthProvider
  /** Whether Microsoft 365 can be reached, for the online indicator. */
  onlineCheck: () => Promise<boolean>
  /** How often that check runs in the background (the online service's default otherwise). */
  onlineIntervalMs?: number
  /**
   * The office outbox's extra transport options and retry delays (the outbox's defaults
   * otherwise; tests: the test CA to trust, short timeouts, a quick retry).
   */
  outboxTuning?: Pick<OutboxOptions, 'transportFor' | 'backoff'>
  /** Wraps the probe service composed here (tests: watch the runs, or stand in for them). */
  wrapProbes?: (probes: ProbeService) => ProbeService
  identify: NonNullable<AppServices['identify']>
  browse: NonNullable<AppServices['browse']>
  writeClipboard: (text: string) => void
  openExternal: (url: string) => Promise<void>
  /** About, diagnostics and the log file; left out where there is no support log. */
  support?: {
    about(): AboutInfo
    homeDir: string
    logTail(maxLines: number): Promise<string[]>
    showItemInFolder(path: string): void
  }
}

export interface AppComposition {
  services: AppServices
  /**
   * Starts the background work: the online checks, and the outbox's sender (woken at once when
   * the laptop comes back online). `onOutboxChange` hears of every entry's change.
   */
  start(onOutboxChange?: (entry: OutboxView) => void): void
  /** Stops it all, for quitting: runs cancelled, the capture, the checks and the relay watch stopped. */
  stop(): Promise<void>
}

export async function createAppServices(opts: AppServiceOptions): Promise<AppComposition> {
  const deps = opts.probeDeps ?? defaultProbeDeps
  const dir = opts.dataDir
  const probeService = createProbeService(opts.probeDeps, opts.siteDefaults)
  const probes = opts.wrapProbes?.(probeService) ?? probeService
  const jobs = await createJobService(dir ? { dataDir: join(dir, 'jobs') } : {})
  // Opened once, on first use, for the profiles and the relay pairing codes alike.
  let secrets: ReturnType<AppServiceOptions['openSecrets']> | undefined
  const openSecrets = () => (secrets ??= opts.openSecrets())
  const profiles = await createProfileService({
    ...(dir ? { dataDir: dir } : {}),
    openSecrets,
    ...(opts.oauth ? { oauth: opts.oauth } : {}),
  })
  const verify = createVerifyService({ profiles, deps })
  const capture = createCaptureService()
  const relayWatch = createRelayWatchService({ jobs, openSecrets, watch: watchRelay })
  const outbox: Outbox | undefined = dir
    ? createOutbox({
        dir: join(dir, 'outbox'),
        profiles,
        ...(opts.probeDeps ? { lookup: deps.lookup } : {}),
        ...opts.outboxTuning,
      })
    : undefined
  const reports = createReportService({
    jobs,
    ...(outbox ? { outbox } : {}),
    appVersion: opts.appVersion,
  })
  const online = createOnlineService({ check: opts.onlineCheck, intervalMs: opts.onlineIntervalMs })
  const support = opts.support
    ? createSupportService({
        sources: {
          about: opts.support.about,
          homeDir: opts.support.homeDir,
          storage: () => profiles.storage(),
          profiles: () => profiles.list(),
          ...(outbox ? { outbox: () => outbox.list() } : {}),
          online: () => online.status(),
          jobCount: async () => (await jobs.list()).length,
          storeProblems: async () => [...(await jobs.problems()), ...(await profiles.problems())],
          logTail: opts.support.logTail,
        },
        writeClipboard: opts.writeClipboard,
        showItemInFolder: opts.support.showItemInFolder,
      })
    : undefined

  return {
    services: {
      probes,
      jobs,
      profiles,
      verify,
      reports,
      ...(outbox ? { outbox } : {}),
      online,
      capture,
      relayWatch,
      identify: opts.identify,
      browse: opts.browse,
      ...(support ? { support } : {}),
      writeClipboard: opts.writeClipboard,
      openExternal: opts.openExternal,
    },
    start(onOutboxChange) {
      // The outbox retries with backoff anyway; coming back online makes it try at once.
      online.start((s) => {
        if (s.online) void outbox?.wake()
      })
      if (outbox) {
        if (onOutboxChange) outbox.onChange(onOutboxChange)
        void outbox.start()
      }
    },
    async stop() {
      probes.cancelAll()
      online.stop()
      relayWatch.stopAll()
      await Promise.all([capture.stop(), outbox?.stop()])
    },
  }
}
