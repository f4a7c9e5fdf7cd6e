/** App lifecycle only: one window, the IPC handlers, and the services behind them. */
import { app, BrowserWindow, clipboard, Menu, shell } from 'electron'
import { homedir, release } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

import { createHandlers } from './ipc/handlers'
import { registerIpc } from './ipc/register'
import { browsePrinters } from './discovery/dns-sd'
import { identifyPrinter } from './discovery/identify'
import { createOAuthProvider } from './mail/oauth-provider'
import { createOutbox } from './mail/outbox'
import { defaultProbeDeps } from './probes/probe-deps'
import { openSecretStore } from './secrets'
import { createJobService } from './services/job-service'
import { createProbeService } from './services/probe-service'
import { createCaptureService, type CaptureService } from './services/capture-service'
import { createOnlineService, tcpCheck, type OnlineService } from './services/online-service'
import { createProfileService } from './services/profile-service'
import { createReportService } from './services/report-service'
import { createSupportService } from './services/support-service'
import { createVerifyService } from './services/verify-service'
import { buildMenuTemplate } from './menu'
import { outboxLogger } from './support/outbox-log'
import { createSupportLog, type SupportLog } from './support/support-log'
import type { AboutInfo, MenuCommand } from '../shared/support-types'
import {
  createMainWindow,
  enforceCsp,
  hardenWebContents,
  openAllowlistedLink,
  rendererTarget,
  restrictPermissions,
} from './window'

// Until the data folder is known (app ready), lines go to stderr; then to the support log too.
let supportLog: SupportLog | undefined
const log = (message: string) => {
  if (supportLog) supportLog.write('error', message)
  else console.error(message)
}

function osName(): string {
  const name =
    process.platform === 'win32' ? 'Windows' : process.platform === 'darwin' ? 'macOS' : 'Linux'
  return `${name} ${release()} (${process.arch})`
}

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  const target = rendererTarget(__dirname)
  const probes = createProbeService()
  let online: OnlineService | undefined
  let capture: CaptureService | undefined
  let stopOutbox: (() => Promise<void>) | undefined
  const appUrl = () => target.devUrl ?? pathToFileURL(target.rendererFile).href

  app.on('second-instance', () => {
    const win = BrowserWindow.getAllWindows()[0]
    if (win) {
      if (win.isMinimized()) win.restore()
      win.focus()
    }
  })

  // ---- Security hardening (issue 8): keep this block together; the rules are in window-policy.ts.
  // The default session refuses permissions before any window exists (this whenReady callback is
  // registered first, so it runs first). Every webContents — the main window's and any created
  // later — refuses navigation, redirects, new windows and <webview>, and so does its session.
  void app.whenReady().then(() => restrictPermissions())
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents))
  // ---- end of security hardening

  void app.whenReady().then(async () => {
    enforceCsp(target.devUrl)
    const data = app.getPath('userData')
    supportLog = createSupportLog({ dir: join(data, 'logs') })
    supportLog.write('info', `ScanPath ${app.getVersion()} starting on ${osName()}`)
    const logForSupport = supportLog
    const jobs = await createJobService({ dataDir: join(data, 'jobs') })
    // The keychain is opened on first use, not here: its probe can wait on an unlock prompt.
    const profiles = await createProfileService({
      dataDir: data,
      oauth: createOAuthProvider(),
      openSecrets: async () => {
        const { store, keychain } = await openSecretStore()
        return {
          store,
          status: keychain.ok ? { kind: 'keychain' } : { kind: 'session', reason: keychain.reason },
        }
      },
    })
    const verify = createVerifyService({ profiles, deps: defaultProbeDeps })
    capture = createCaptureService()
    const outbox = createOutbox({ dir: join(data, 'outbox'), profiles })
    const reports = createReportService({ jobs, outbox, appVersion: app.getVersion() })
    online = createOnlineService({
      check: tcpCheck(defaultProbeDeps, 'smtp.office365.com', 587, 3000),
    })
    // The outbox retries with backoff anyway; coming back online makes it try at once.
    online.start((s) => {
      if (s.online) void outbox.wake()
    })
    outbox.onChange(outboxLogger((level, message) => logForSupport.write(level, message)))
    void outbox.start()
    stopOutbox = () => outbox.stop()
    const logFile = supportLog.file
    const about = (): AboutInfo => ({
      name: app.getName(),
      version: app.getVersion(),
      packaged: app.isPackaged,
      versions: {
        electron: process.versions.electron ?? 'unknown',
        chrome: process.versions.chrome ?? 'unknown',
        node: process.versions.node,
      },
      os: osName(),
      locale: app.getLocale(),
      dataDir: data,
      logFile,
    })
    const support = createSupportService({
      sources: {
        about,
        homeDir: homedir(),
        storage: () => profiles.storage(),
        profiles: () => profiles.list(),
        outbox: () => outbox.list(),
        online: () => online!.status(),
        jobCount: async () => (await jobs.list()).length,
        storeProblems: async () => [...(await jobs.problems()), ...(await profiles.problems())],
        logTail: (n) => logForSupport.tail(n),
      },
      writeClipboard: (text) => clipboard.writeText(text),
      showItemInFolder: (path) => shell.showItemInFolder(path),
    })
    const toWindow = (command: MenuCommand) =>
      BrowserWindow.getAllWindows()[0]?.webContents.send('app:menu', { command })
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(
        buildMenuTemplate({
          platform: process.platform,
          packaged: app.isPackaged,
          appName: app.getName(),
          actions: {
            send: toWindow,
            copyDiagnostics: () => {
              void support.copyDiagnostics().then(() => toWindow('about'))
            },
            showLogFile: () => void support.showLogFile(),
            openHelp: openAllowlistedLink,
          },
        }),
      ),
    )
    registerIpc(
      createHandlers({
        probes,
        jobs,
        profiles,
        verify,
        reports,
        outbox,
        online,
        capture,
        identify: (host, ippPort) => identifyPrinter({ host, ippPort, timeoutMs: 3000 }),
        browse: (timeoutMs) => browsePrinters({ timeoutMs }),
        support,
        writeClipboard: (text) => clipboard.writeText(text),
        openExternal: async (url) => openAllowlistedLink(url),
      }),
      appUrl,
      log,
    )
    createMainWindow(target)
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) createMainWindow(target)
    })
  })

  app.on('before-quit', () => {
    supportLog?.write('info', 'ScanPath quitting')
    probes.cancelAll()
    online?.stop()
    void capture?.stop()
    void stopOutbox?.()
  })
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
}
