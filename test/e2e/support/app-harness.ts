/**
 * The one way an e2e test starts ScanPath: main's own composition (createAppServices, as
 * electron/main.ts uses it) served by the browser test host, with Chromium to open pages in. A
 * test injects only what stands in for the world outside the laptop; everything else is the app's.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

import type { Browser } from 'playwright-core'

import type { Logger } from '../../../electron/ipc/dispatch'
import type { AppServices } from '../../../electron/ipc/handlers'
import type { ProbeDeps } from '../../../electron/probes/probe-deps'
import { createMemorySecretStore } from '../../../electron/secrets'
import {
  createAppServices,
  type AppComposition,
  type AppServiceOptions,
} from '../../../electron/services/app-services'
import type { SecretStorageStatus } from '../../../shared/profile-types'
import { startTestHost, type TestHost } from '../host/test-host'
import { launchChromium, openWatchedPage, type WatchedPage } from './page-tools'

/** Where e2e tests put their screenshots (made when a browser is launched). */
export const ARTIFACTS = resolve('test/e2e/artifacts')

/** The probes' name lookup when a test names none: every name is loopback, nothing leaves. */
export const LOOPBACK_DEPS: ProbeDeps = {
  lookup: async () => [{ address: '127.0.0.1', family: 4 }],
}

/** What a test may put in place of the app's own parts; all optional, with safe local defaults. */
export type AppStandIns = Partial<
  Pick<
    AppServiceOptions,
    | 'probeDeps'
    | 'siteDefaults'
    | 'oauth'
    | 'outboxTuning'
    | 'wrapProbes'
    | 'identify'
    | 'browse'
    | 'writeClipboard'
    | 'openExternal'
    | 'support'
  >
>

/** The services a host may leave out (the handler table answers "Not available here"). */
export type OptionalService = Exclude<keyof AppServices, 'probes' | 'jobs' | 'openExternal'>

export interface StartAppOptions extends AppStandIns {
  /** Services the host does not serve, to see what the page does without them. */
  withhold?: OptionalService[]
  /**
   * Whether Microsoft 365 can be reached, and how often to ask. Without it the host does not
   * serve the online status, so the page shows no online indicator (whose role=status would
   * otherwise stand before a screen's own status line).
   */
  online?: { check: () => Promise<boolean>; intervalMs?: number }
  /**
   * The folder for the app's data (`data/`) and Chromium's home (`home/`): one the test made
   * (and removes), or by default a new temp folder removed by `dispose`.
   */
  dir?: string
  /** Jobs and profiles in memory and no office outbox (default: on disk under `dir/data`). */
  inMemory?: boolean
  /** What the profile service says of its secret storage (default: the keychain). */
  secretStorage?: SecretStorageStatus
  /** Chromium: launched by default; a browser to share (left open by `dispose`); or none. */
  browser?: Browser | false
  /** The built renderer (default: out/renderer). */
  rendererDir?: string
  /** The host's log (default: stderr). */
  log?: Logger
}

export interface E2eApp {
  host: TestHost
  /** The services the host serves: the app's composition, less what was withheld. */
  services: AppServices
  /** See `StartAppOptions.dir`; the test may keep its own files here too. */
  dir: string
  /** The app's data folder (jobs/, profiles.json, outbox/); undefined when in memory. */
  dataDir: string | undefined
  browser: Browser | undefined
  /** A new watched page on the app (page-tools' `openWatchedPage`). */
  open(
    viewport?: { width: number; height: number },
    opts?: Parameters<typeof openWatchedPage>[3],
  ): Promise<WatchedPage>
  /** Closes the browser (unless shared), the host and the app's services, then removes `dir`. */
  dispose(): Promise<void>
}

/** Fills the composition's slot for a part the host then withholds (see `startApp`). */
const notServed = () => Promise.reject(new Error('not served by this test host'))

export async function startApp(options: StartAppOptions = {}): Promise<E2eApp> {
  const { dir: given, inMemory, secretStorage, browser: browserOption, rendererDir, log } = options
  const dir = given ?? mkdtempSync(join(tmpdir(), 'scanpath-e2e-'))
  const dataDir = inMemory ? undefined : join(dir, 'data')
  const secrets = createMemorySecretStore()
  let composed: AppComposition | undefined
  let services: AppServices | undefined
  let host: TestHost | undefined
  let browser: Browser | undefined
  const ownsBrowser = browserOption === undefined

  const dispose = async () => {
    if (ownsBrowser) await browser?.close()
    await host?.close()
    await composed?.stop()
    if (!given) rmSync(dir, { recursive: true, force: true })
  }

  try {
    composed = await createAppServices({
      dataDir,
      appVersion: '0.1.0-test',
      probeDeps: options.probeDeps ?? LOOPBACK_DEPS,
      siteDefaults: options.siteDefaults,
      openSecrets: async () => ({ store: secrets, status: secretStorage ?? { kind: 'keychain' } }),
      oauth: options.oauth,
      onlineCheck: options.online?.check ?? (async () => true),
      onlineIntervalMs: options.online?.intervalMs,
      outboxTuning: options.outboxTuning,
      wrapProbes: options.wrapProbes,
      identify: options.identify ?? notServed,
      browse: options.browse ?? notServed,
      writeClipboard: options.writeClipboard ?? (() => {}),
      openExternal: options.openExternal ?? (async () => {}),
      support: options.support,
    })
    // As main does: the online checks run, and the outbox sends (woken when back online).
    composed.start()
    // What reaches outside the laptop is served only when the test stands in for it.
    const withheld = new Set<OptionalService>(options.withhold)
    if (!options.online) withheld.add('online')
    if (!options.identify) withheld.add('identify')
    if (!options.browse) withheld.add('browse')
    services = { ...composed.services }
    for (const name of withheld) delete services[name]
    host = await startTestHost({ services, rendererDir, log })
    if (browserOption === undefined) {
      browser = await launchChromium(join(dir, 'home'))
      mkdirSync(ARTIFACTS, { recursive: true })
    } else if (browserOption) {
      browser = browserOption
    }
  } catch (e) {
    await dispose()
    throw e
  }

  const served = host
  return {
    host: served,
    services,
    dir,
    dataDir,
    browser,
    open(viewport, opts) {
      if (!browser) throw new Error('startApp ran without a browser (browser: false)')
      return openWatchedPage(browser, served.url, viewport, opts)
    },
    dispose,
  }
}
