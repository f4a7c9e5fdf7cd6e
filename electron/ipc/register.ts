/** The only file that touches `ipcMain`. */
import { BrowserWindow, ipcMain } from 'electron'

import { INVOKE_CHANNELS } from '../../shared/schemas/ipc'
import type { HandlerTable, Logger } from './dispatch'
import { createIpcListener } from './guard'
import { isTrustedSender } from './sender'

export function registerIpc(handlers: HandlerTable, appUrl: () => string, log: Logger): void {
  const listen = createIpcListener(
    handlers,
    (event) =>
      isTrustedSender(event, {
        webContentsIds: new Set(BrowserWindow.getAllWindows().map((w) => w.webContents.id)),
        appUrl: appUrl(),
      }),
    log,
  )
  for (const channel of INVOKE_CHANNELS) ipcMain.handle(channel, listen(channel))
}
