/**
 * The browser test host (docs/ARCHITECTURE.md, "The IPC contract"): serves the built renderer
 * over HTTP and carries the IPC channel map over a WebSocket to the same handler table the
 * Electron app uses, so Playwright in plain Chromium drives the real UI against real probes. Only
 * the transport differs: invoke replies and main's events both travel over the socket.
 *
 * A development tool, never packaged. It binds to 127.0.0.1 only, answers only requests addressed
 * to that exact host:port (no DNS rebinding), and accepts a WebSocket only with this run's random
 * token and our own Origin, because whoever holds the socket can make the laptop open connections.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { readFile, realpath, stat } from 'node:fs/promises'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, resolve, sep } from 'node:path'
import type { Duplex } from 'node:stream'
import { fileURLToPath } from 'node:url'

import { build } from 'esbuild'
import { WebSocket, WebSocketServer, type RawData } from 'ws'

import type { EventChannel, EventPayloads } from '../../../shared/schemas/ipc'
import { dispatch, type HandlerTable, type Logger } from '../../../electron/ipc/dispatch'
import { browsePrinters } from '../../../electron/discovery/dns-sd'
import { identifyPrinter } from '../../../electron/discovery/identify'
import { createHandlers, type AppServices } from '../../../electron/ipc/handlers'
import { defaultProbeDeps } from '../../../electron/probes/probe-deps'
import { createMemorySecretStore } from '../../../electron/secrets'
import { createAppServices, type AppComposition } from '../../../electron/services/app-services'
import { tcpCheck } from '../../../electron/services/online-service'

export const WS_PATH = '/__scanpath/ws'
export const BRIDGE_PATH = '/__scanpath/bridge.js'

const LOOPBACK = '127.0.0.1'
/** Requests are a few hundred bytes; anything near this is not our page talking. */
const MAX_WS_MESSAGE_BYTES = 1024 * 1024

const CSP_META = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"\s*\/?>/i
const APP_SCRIPT = /<script\s+type="module"/i
const CONNECT_NONE = "connect-src 'none'"

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
}

export interface TestHostOptions {
  /** The built renderer (`npm run build` writes it); relative paths are from the working dir. */
  rendererDir?: string
  /** The handler table to serve; wins over `services`. */
  handlers?: HandlerTable
  /** Services for `createHandlers`. */
  services?: AppServices
  /**
   * With neither handlers nor services: serve the app's own composition (createAppServices)
   * with its defaults (the system resolver, public echo services, the real discovery), jobs and
   * profiles in memory and secrets for the session only. Only for manual runs (host/cli.ts):
   * tests must give local peers, so without this flag the host refuses to start.
   */
  realNetwork?: boolean
  /** 0 picks a free port. */
  port?: number
  log?: Logger
}

export interface TestHost {
  /** The page to open, token included: `http://127.0.0.1:<port>/?token=…`. */
  url: string
  origin: string
  port: number
  token: string
  /** Sends an event to every connected page, as main's `webContents.send` does (menu commands). */
  broadcast<E extends EventChannel>(event: E, payload: EventPayloads[E]): void
  close(): Promise<void>
}

// --- Page and bridge ---------------------------------------------------------------

/** Where the bridge source lives (bundled for the browser at start, kept in memory). */
const BRIDGE_ENTRY = fileURLToPath(new URL('./bridge.ts', import.meta.url))

async function bundleBridge(): Promise<string> {
  const out = await build({
    entryPoints: [BRIDGE_ENTRY],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    write: false,
    logLevel: 'silent',
  })
  const file = out.outputFiles[0]
  if (!file) throw new Error('esbuild produced no output for the test host bridge')
  return file.text
}

/**
 * The served index.html: the bridge script goes in before the app script, and the CSP changes
 * in exactly one place, `connect-src 'none'` → our WebSocket. Everything else stays as built, so
 * the e2e run also exercises the real policy. Returns the page and its policy (for the header).
 */
export function preparePage(html: string, origin: string): { html: string; csp: string } {
  const meta = CSP_META.exec(html)
  if (!meta || meta[1] === undefined)
    throw new Error(
      'index.html has no Content-Security-Policy meta tag; the host will not serve it',
    )
  const builtCsp = meta[1]
  if (builtCsp.split(CONNECT_NONE).length !== 2)
    throw new Error(`the built CSP must contain "${CONNECT_NONE}" exactly once: ${builtCsp}`)
  const wsOrigin = origin.replace(/^http:/, 'ws:')
  const csp = builtCsp.replace(CONNECT_NONE, `connect-src ${wsOrigin}`)
  if (!APP_SCRIPT.test(html)) throw new Error('index.html has no <script type="module"> app script')
  const withCsp = html.replace(meta[0], meta[0].replace(builtCsp, csp))
  // A classic script runs before module scripts (which are deferred), so `window.scanpath` exists
  // by the time the app's first line runs, just as the preload guarantees in Electron.
  const page = withCsp.replace(
    APP_SCRIPT,
    (tag) => `<script src="${BRIDGE_PATH}"></script>\n    ${tag}`,
  )
  return { html: page, csp }
}

/**
 * The app's own composition for a manual run on the real network: jobs and profiles in memory,
 * secrets for this run only, no office outbox; the clipboard and the browser are only noted.
 */
function composeForManualRun(log: Logger): Promise<AppComposition> {
  const secrets = createMemorySecretStore()
  return createAppServices({
    appVersion: 'test-host',
    openSecrets: async () => ({
      store: secrets,
      status: { kind: 'session', reason: 'the test host keeps secrets for this run only' },
    }),
    onlineCheck: tcpCheck(defaultProbeDeps, 'smtp.office365.com', 587, 3000),
    identify: (host, ippPort) => identifyPrinter({ host, ippPort, timeoutMs: 3000 }),
    browse: (timeoutMs) => browsePrinters({ timeoutMs }),
    writeClipboard: (text) => log(`[test-host] would copy ${text.length} characters`),
    // Never launch a browser from the host; just note what would have opened.
    openExternal: async (url) => log(`[test-host] would open ${url}`),
  })
}

// --- Static files ------------------------------------------------------------------

/** The file under `root` that `pathname` names, or null when it escapes root or does not exist. */
async function resolveStatic(root: string, pathname: string): Promise<string | null> {
  let decoded: string
  try {
    decoded = decodeURIComponent(pathname)
  } catch {
    return null
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null
  const candidate = resolve(root, `.${decoded}`)
  if (!candidate.startsWith(root + sep)) return null
  try {
    // realpath also catches a symlink inside out/ that points elsewhere.
    const real = await realpath(candidate)
    if (!real.startsWith(root + sep)) return null
    return (await stat(real)).isFile() ? real : null
  } catch {
    return null
  }
}

function tokenMatches(given: string | null, token: string): boolean {
  if (given === null) return false
  const a = Buffer.from(given)
  const b = Buffer.from(token)
  return a.length === b.length && timingSafeEqual(a, b)
}

function refuseUpgrade(socket: Duplex, status: string): void {
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
  socket.destroy()
}

// --- The host ----------------------------------------------------------------------

export async function startTestHost(options: TestHostOptions = {}): Promise<TestHost> {
  const log: Logger = options.log ?? ((m) => console.error(m))
  const rendererDir = await realpath(resolve(options.rendererDir ?? 'out/renderer')).catch(() => {
    throw new Error(
      `The built renderer is missing (${options.rendererDir ?? 'out/renderer'}); run \`npm run build\` first.`,
    )
  })
  const indexHtml = await readFile(resolve(rendererDir, 'index.html'), 'utf8').catch(() => {
    throw new Error(`${rendererDir}/index.html is missing; run \`npm run build\` first.`)
  })
  if (!options.handlers && !options.services && !options.realNetwork) {
    throw new Error(
      'startTestHost: give handlers or services pointing at local peers (or realNetwork: true for a manual run)',
    )
  }
  const composed = options.handlers || options.services ? null : await composeForManualRun(log)
  const handlers = options.handlers ?? createHandlers(options.services ?? composed!.services)
  const bridgeJs = await bundleBridge()
  const token = randomBytes(24).toString('base64url')

  // The page depends on the port (CSP connect-src), known only once listening.
  let page: { html: string; csp: string } | null = null
  let hostHeader = ''
  let origin = ''

  const send = (
    res: ServerResponse,
    status: number,
    body: string | Buffer,
    type = 'text/plain; charset=utf-8',
    head = true,
  ) => {
    res.writeHead(status, {
      'Content-Type': type,
      'Content-Length': Buffer.byteLength(body),
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      // The token is in the page URL; keep it out of any Referer.
      'Referrer-Policy': 'no-referrer',
      // The same policy as the meta tag, plus frame-ancestors, which only works as a header
      // (electron/window.ts sends it the same way).
      ...(page ? { 'Content-Security-Policy': `${page.csp}; frame-ancestors 'none'` } : {}),
    })
    res.end(head ? body : undefined)
  }

  const onRequest = async (req: IncomingMessage, res: ServerResponse) => {
    if (req.headers.host !== hostHeader) return send(res, 421, 'Misdirected request\n')
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Method not allowed\n')
    const withBody = req.method === 'GET'
    const pathname = new URL(req.url ?? '/', origin).pathname
    if (pathname === '/' || pathname === '/index.html') {
      return send(res, 200, page?.html ?? '', CONTENT_TYPES['.html'], withBody)
    }
    if (pathname === BRIDGE_PATH) return send(res, 200, bridgeJs, CONTENT_TYPES['.js'], withBody)
    // Browsers ask for a favicon on their own (Electron loading a file never does); "no content"
    // keeps a 404 out of the page's console, which the e2e tests require to stay clean.
    if (pathname === '/favicon.ico') return send(res, 204, '', 'image/x-icon', false)
    const file = await resolveStatic(rendererDir, pathname)
    if (!file) return send(res, 404, 'Not found\n')
    const body = await readFile(file)
    const type = CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream'
    return send(res, 200, body, type, withBody)
  }

  const server = createServer((req, res) => {
    onRequest(req, res).catch((e: unknown) => {
      log(`[test-host] ${req.url ?? ''}: ${e instanceof Error ? e.message : String(e)}`)
      if (!res.headersSent) send(res, 500, 'Internal error\n')
      else res.destroy()
    })
  })

  // --- WebSocket: the IPC channel map ----------------------------------------------

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_WS_MESSAGE_BYTES })

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', origin)
    if (url.pathname !== WS_PATH) return refuseUpgrade(socket, '404 Not Found')
    // A page on any other origin (or a non-browser client without one) is refused, and so is
    // our own page without this run's token.
    if (req.headers.host !== hostHeader || req.headers.origin !== origin)
      return refuseUpgrade(socket, '403 Forbidden')
    if (!tokenMatches(url.searchParams.get('token'), token))
      return refuseUpgrade(socket, '403 Forbidden')
    wss.handleUpgrade(req, socket, head, (ws) => serveConnection(ws))
  })

  const serveConnection = (ws: WebSocket) => {
    // Runs started on this connection, cancelled if the page goes away mid-run (as closing the
    // Electron window does through main's before-quit).
    const inFlightRuns = new Set<string>()
    const emit = <E extends EventChannel>(event: E, payload: EventPayloads[E]) => {
      if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ event, payload }))
    }

    ws.on('message', (data: RawData) => {
      let message: unknown
      try {
        message = JSON.parse(data.toString())
      } catch {
        log('[test-host] dropped a message that is not JSON')
        return
      }
      if (typeof message !== 'object' || message === null) return
      const { id, channel, payload } = message as Record<string, unknown>
      if (typeof id !== 'number' && typeof id !== 'string') {
        log('[test-host] dropped a message without an id')
        return
      }
      const runId =
        channel === 'probes:run' && typeof payload === 'object' && payload !== null
          ? (payload as Record<string, unknown>)['runId']
          : undefined
      if (typeof runId === 'string') inFlightRuns.add(runId)
      void dispatch(handlers, channel, payload, { emit }, log)
        .then((result) => {
          if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ id, result }))
        })
        .finally(() => {
          if (typeof runId === 'string') inFlightRuns.delete(runId)
        })
    })

    ws.on('close', () => {
      for (const runId of inFlightRuns)
        void dispatch(handlers, 'probes:cancel', { runId }, { emit: () => {} }, log)
    })
    ws.on('error', (e) => log(`[test-host] websocket: ${e.message}`))
  }

  // --- Start ---------------------------------------------------------------------------

  await new Promise<void>((ok, fail) => {
    server.once('error', fail)
    server.listen(options.port ?? 0, LOOPBACK, () => {
      server.off('error', fail)
      ok()
    })
  })
  const port = (server.address() as AddressInfo).port
  hostHeader = `${LOOPBACK}:${port}`
  origin = `http://${hostHeader}`
  page = preparePage(indexHtml, origin)

  let closed: Promise<void> | null = null
  return {
    url: `${origin}/?token=${token}`,
    origin,
    port,
    token,
    broadcast(event, payload) {
      const frame = JSON.stringify({ event, payload })
      for (const client of wss.clients) if (client.readyState === WebSocket.OPEN) client.send(frame)
    },
    close() {
      closed ??= (async () => {
        await composed?.stop()
        for (const client of wss.clients) client.terminate()
        await new Promise<void>((ok) => wss.close(() => ok()))
        server.closeAllConnections()
        await new Promise<void>((ok) => server.close(() => ok()))
      })()
      return closed
    },
  }
}
