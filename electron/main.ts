/** App lifecycle only: one window, the IPC handlers, and the services behind them. */
import { app, BrowserWindow, shell } from 'electron'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

import { createHandlers } from './ipc/handlers'
import { registerIpc } from './ipc/register'
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
import { createVerifyService } from './services/verify-service'
import { createMainWindow, restrictPermissions, enforceCsp, rendererTarget } from './window'

const log = (message: string) => console.error(message)

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

  // Belt and braces: any webContents created later gets the same navigation rules.
  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(() => ({ action: 'deny' }))
    contents.on('will-navigate', (event) => event.preventDefault())
  })

  void app.whenReady().then(async () => {
    restrictPermissions()
    enforceCsp(target.devUrl)
    const data = app.getPath('userData')
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
    void outbox.start()
    stopOutbox = () => outbox.stop()
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
        identify: (host) => identifyPrinter({ host, timeoutMs: 3000 }),
        openExternal: (url) => shell.openExternal(url),
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
    probes.cancelAll()
    online?.stop()
    void capture?.stop()
    void stopOutbox?.()
  })
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
}
