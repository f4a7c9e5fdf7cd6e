/**
 * The application menu, as data: File (new job, all jobs, outbox, settings, quit), Edit (the
 * standard roles, which is also what makes copy and paste work in text fields on macOS), View
 * (zoom and full screen for a laptop on a trolley; reload and developer tools only in
 * development builds) and Help (About, Copy diagnostics, Show log file, Microsoft's SMTP AUTH
 * page). `buildMenuTemplate` is pure so the menu's shape is tested without Electron; main turns
 * it into a Menu.
 */
import type { MenuItemConstructorOptions } from 'electron'

import type { MenuCommand } from '../shared/support-types'

export interface MenuActions {
  /** Sends a command to the window (it switches screens). */
  send(command: MenuCommand): void
  copyDiagnostics(): void
  showLogFile(): void
  /** Opens an https page in the user's browser (allowlisted in main). */
  openHelp(url: string): void
}

export const HELP_URL =
  'https://learn.microsoft.com/en-us/exchange/mail-flow-best-practices/how-to-set-up-a-multifunction-device-or-application-to-send-email-using-microsoft-365-or-office-365'

export function buildMenuTemplate(opts: {
  platform: NodeJS.Platform
  packaged: boolean
  appName: string
  actions: MenuActions
}): MenuItemConstructorOptions[] {
  const { actions } = opts
  const mac = opts.platform === 'darwin'
  const about: MenuItemConstructorOptions = {
    label: `About ${opts.appName}`,
    click: () => actions.send('about'),
  }

  const file: MenuItemConstructorOptions = {
    label: '&File',
    submenu: [
      { label: 'New Job', accelerator: 'CmdOrCtrl+N', click: () => actions.send('new-job') },
      { label: 'All Jobs', accelerator: 'CmdOrCtrl+J', click: () => actions.send('all-jobs') },
      { label: 'Outbox', click: () => actions.send('outbox') },
      ...(mac
        ? []
        : ([
            { type: 'separator' },
            {
              label: 'Settings',
              accelerator: 'CmdOrCtrl+,',
              click: () => actions.send('settings'),
            },
            { type: 'separator' },
            { role: 'quit' },
          ] satisfies MenuItemConstructorOptions[])),
    ],
  }

  const edit: MenuItemConstructorOptions = {
    label: '&Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
    ],
  }

  const view: MenuItemConstructorOptions = {
    label: '&View',
    submenu: [
      ...(opts.packaged
        ? []
        : ([
            { role: 'reload' },
            { role: 'toggleDevTools' },
            { type: 'separator' },
          ] satisfies MenuItemConstructorOptions[])),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  }

  const help: MenuItemConstructorOptions = {
    label: '&Help',
    role: 'help',
    submenu: [
      { label: 'Copy Diagnostics', click: () => actions.copyDiagnostics() },
      { label: 'Show Log File', click: () => actions.showLogFile() },
      { type: 'separator' },
      {
        label: 'Microsoft 365: Set Up a Device to Send Email',
        click: () => actions.openHelp(HELP_URL),
      },
      ...(mac ? [] : ([{ type: 'separator' }, about] satisfies MenuItemConstructorOptions[])),
    ],
  }

  const appMenu: MenuItemConstructorOptions = {
    label: opts.appName,
    submenu: [
      about,
      { type: 'separator' },
      { label: 'Settings…', accelerator: 'Cmd+,', click: () => actions.send('settings') },
      { type: 'separator' },
      { role: 'services' },
      { type: 'separator' },
      { role: 'hide' },
      { role: 'hideOthers' },
      { role: 'unhide' },
      { type: 'separator' },
      { role: 'quit' },
    ],
  }

  return mac ? [appMenu, file, edit, view, { role: 'windowMenu' }, help] : [file, edit, view, help]
}
