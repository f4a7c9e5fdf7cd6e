/**
 * Browser side of the test host: the same `createScanpathApi` the preload uses, over a WebSocket
 * instead of ipcRenderer, installed as `window.scanpath` before the app script runs. The renderer
 * cannot tell the two apart, which is the point.
 *
 * Bundled for the browser by the host at start (esbuild, IIFE). It runs as a classic script, so
 * it must not need anything the CSP refuses: no eval, no inline code, and it connects only to the
 * host's own ws:// origin.
 */
import { createScanpathApi, type Transport } from '../../../shared/api'
import type {
  EventChannel,
  EventPayloads,
  InvokeChannel,
  InvokeRequest,
  InvokeResponses,
} from '../../../shared/schemas/ipc'
import type { Result } from '../../../shared/result'
import type { ScanpathGlobal } from '../../../renderer/src/env'

type Pending = (result: Result<unknown>) => void

const token = new URLSearchParams(location.search).get('token') ?? ''
const socket = new WebSocket(
  `ws://${location.host}/__scanpath/ws?token=${encodeURIComponent(token)}`,
)

const pending = new Map<number, Pending>()
const listeners = new Map<string, Set<(payload: unknown) => void>>()
/** Requests made before the socket opened, sent as soon as it does. */
const queue: string[] = []
let nextId = 1
let lostMessage: string | null = null

function lost(message: string): Result<never> {
  return { ok: false, error: { code: 'internal', message } }
}

socket.addEventListener('open', () => {
  for (const text of queue.splice(0)) socket.send(text)
})

socket.addEventListener('message', (event: MessageEvent) => {
  if (typeof event.data !== 'string') return
  let message: unknown
  try {
    message = JSON.parse(event.data)
  } catch {
    return
  }
  if (typeof message !== 'object' || message === null) return
  const m = message as { id?: unknown; result?: unknown; event?: unknown; payload?: unknown }
  if (typeof m.id === 'number') {
    const settle = pending.get(m.id)
    pending.delete(m.id)
    settle?.(m.result as Result<unknown>)
  } else if (typeof m.event === 'string') {
    for (const listener of listeners.get(m.event) ?? []) listener(m.payload)
  }
})

socket.addEventListener('close', () => {
  // Like the Electron bridge, calls resolve to a Result and never reject.
  lostMessage = 'The connection to the ScanPath test host was closed.'
  for (const settle of pending.values()) settle(lost(lostMessage))
  pending.clear()
})

const transport: Transport = {
  invoke<C extends InvokeChannel>(channel: C, payload: InvokeRequest<C>) {
    if (lostMessage !== null) return Promise.resolve(lost(lostMessage))
    const id = nextId++
    const text = JSON.stringify({ id, channel, payload })
    return new Promise<Result<InvokeResponses[C]>>((settle) => {
      pending.set(id, settle as Pending)
      if (socket.readyState === WebSocket.OPEN) socket.send(text)
      else queue.push(text)
    })
  },
  on<E extends EventChannel>(event: E, listener: (payload: EventPayloads[E]) => void) {
    const set = listeners.get(event) ?? new Set()
    listeners.set(event, set)
    // Payloads are the host's JSON of the same typed events main emits.
    const wrapped = (payload: unknown) => listener(payload as EventPayloads[E])
    set.add(wrapped)
    return () => {
      set.delete(wrapped)
    }
  },
}

// Typed by the renderer's own declaration of `window.scanpath`, so the two cannot drift.
const page: ScanpathGlobal = window
page.scanpath = createScanpathApi(transport)
