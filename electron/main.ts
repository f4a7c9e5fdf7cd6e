/**
 * App lifecycle only: one window, the IPC handlers, and the services behind them (composed by
 * createAppServices, as the browser test host composes them).
 */
import { app, BrowserWindow, clipboard, Menu, shell } from 'electron'
import { spawn } from 'node:child_process'
import { constants, homedir, release } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

import { createHandlers } from './ipc/handlers'
import { registerIpc } from './ipc/register'
import { browsePrinters } from './discovery/dns-sd'
import { identifyPrinter } from './discovery/identify'
import { createOAuthProvider } from './mail/oauth-provider'
import { defaultProbeDeps } from './probes/probe-deps'
import { openSecretStore } from './secrets'
import { createAppServices, type AppComposition } from './services/app-services'
import { tcpCheck } from './services/online-service'
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

// ---- Command line (issue 16): `ScanPath diagnose …`, `ScanPath relay …` run the CLI, never a
// window. The CLI is started as plain Node with this same executable (ELECTRON_RUN_AS_NODE, as
// the installed `scanpath` launchers do), so it gets no Electron; this process only waits for it.
const CLI_COMMANDS = new Set([
  'diagnose',
  'auth-test',
  'send-test',
  'report',
  'capture',
  'identify',
  'discover',
  'relay',
  'help',
  '--help',
  '-h',
  '--version',
])
// Packaged, the arguments follow the executable; from a checkout (`electron .`), the app folder.
const cliArgs = process.argv.slice(app.isPackaged ? 1 : 2)

function runCliAndExit(args: string[]): void {
  app.disableHardwareAcceleration()
  const cli = spawn(process.execPath, [join(__dirname, 'cli.js'), ...args], {
    stdio: 'inherit',
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
  })
  cli.on('error', (e) => {
    console.error(`scanpath: could not start the command line: ${e.message}`)
    app.exit(1)
  })
  cli.on('exit', (code, signal) => app.exit(code ?? (signal ? 128 + constants.signals[signal] : 1)))
}

if (CLI_COMMANDS.has(cliArgs[0] ?? '')) {
  runCliAndExit(cliArgs)
} else if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  const target = rendererTarget(__dirname)
  let composed: AppComposition | undefined
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
    composed = await createAppServices({
      dataDir: data,
      appVersion: app.getVersion(),
      // The keychain is opened on first use, not here: its probe can wait on an unlock prompt.
      openSecrets: async () => {
        const { store, keychain } = await openSecretStore()
        return {
          store,
          status: keychain.ok ? { kind: 'keychain' } : { kind: 'session', reason: keychain.reason },
        }
      },
      oauth: createOAuthProvider(),
      onlineCheck: tcpCheck(defaultProbeDeps, 'smtp.office365.com', 587, 3000),
      identify: (host, ippPort) => identifyPrinter({ host, ippPort, timeoutMs: 3000 }),
      browse: (timeoutMs) => browsePrinters({ timeoutMs }),
      writeClipboard: (text) => clipboard.writeText(text),
      openExternal: async (url) => openAllowlistedLink(url),
      support: {
        about,
        homeDir: homedir(),
        logTail: (n) => logForSupport.tail(n),
        showItemInFolder: (path) => shell.showItemInFolder(path),
      },
    })
    const { services } = composed
    composed.start(outboxLogger((level, message) => logForSupport.write(level, message)))
    const { support } = services
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
              void support?.copyDiagnostics().then(() => toWindow('about'))
            },
            showLogFile: () => void support?.showLogFile(),
            openHelp: openAllowlistedLink,
          },
        }),
      ),
    )
    registerIpc(createHandlers(services), appUrl, log)
    createMainWindow(target)
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) createMainWindow(target)
    })
  })

  app.on('before-quit', () => {
    supportLog?.write('info', 'ScanPath quitting')
    void composed?.stop()
  })
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
}
