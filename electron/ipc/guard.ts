/**
 * The Electron-side wrapper around `dispatch`: sender check first, then validation and the
 * handler, always resolving to a `Result` (errors thrown through `ipcMain.handle` lose everything
 * but their message, so nothing is thrown across).
 */
import type { EventChannel, EventPayloads } from '../../shared/schemas/ipc'
import { err, type Result } from '../../shared/result'
import { dispatch, type HandlerTable, type Logger } from './dispatch'
import type { SenderEventLike } from './sender'

export interface IpcEventLike extends SenderEventLike {
  sender: SenderEventLike['sender'] & {
    isDestroyed(): boolean
    send(channel: string, payload: unknown): void
  }
}

export function createIpcListener(
  handlers: HandlerTable,
  isTrusted: (event: SenderEventLike) => boolean,
  log: Logger,
) {
  return (channel: string) =>
    async (event: IpcEventLike, payload: unknown): Promise<Result<unknown>> => {
      if (!isTrusted(event)) {
        log(
          `[ipc] refused ${channel} from untrusted sender ${event.senderFrame?.url ?? '(no frame)'}`,
        )
        return err('forbidden-sender', 'This window is not allowed to call ScanPath.')
      }
      const emit = <E extends EventChannel>(name: E, body: EventPayloads[E]) => {
        if (!event.sender.isDestroyed()) event.sender.send(name, body)
      }
      return dispatch(handlers, channel, payload, { emit }, log)
    }
}
