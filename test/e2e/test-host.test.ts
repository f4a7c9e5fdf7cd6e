/**
 * The browser test host's own guarantees: loopback only, token and Origin on the WebSocket, no
 * directory traversal, the CSP changed in exactly one place, and the same dispatch (validation,
 * Results, events) as the Electron transport. Uses a tiny renderer fixture, so no build needed.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'

import type { ProbeService } from '../../electron/services/probe-service'
import type { DiagnoseReport, ProbeProgress } from '../../shared/probe-types'
import { preparePage, WS_PATH, type TestHost } from './host/test-host'
import { startApp, type E2eApp } from './support/app-harness'

const BUILT_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'"

const INDEX = `<!doctype html>
<html lang="en">
  <head>
    <meta
      http-equiv="Content-Security-Policy"
      content="${BUILT_CSP}"
    />
    <script type="module" crossorigin src="./assets/app.js"></script>
  </head>
  <body><div id="root"></div></body>
</html>
`

/** A probe service that reports one `started` event and then waits to be cancelled. */
function fakeProbes() {
  const active = new Map<string, (r: DiagnoseReport) => void>()
  const cancelled: string[] = []
  const started: string[] = []
  const service: ProbeService = {
    run: (runId, _options, onProgress) => {
      started.push(runId)
      onProgress({
        kind: 'started',
        runId,
        checks: [{ id: 'reach-submission', title: 'Fake check' }],
      })
      return new Promise((resolve) => active.set(runId, resolve))
    },
    cancel: (runId) => {
      const finish = active.get(runId)
      if (!finish) return false
      cancelled.push(runId)
      active.delete(runId)
      finish({
        runId,
        startedAt: new Date().toISOString(),
        durationMs: 1,
        checks: [],
        summary: { pass: 0, warn: 0, fail: 0, info: 0, skip: 0 },
        cancelled: true,
        offline: false,
      })
      return true
    },
    cancelAll: () => {},
  }
  return { service, started, cancelled }
}

/** A raw HTTP request, so paths and headers reach the server exactly as written. */
function rawGet(port: number, path: string, hostHeader = `127.0.0.1:${port}`): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(`GET ${path} HTTP/1.1\r\nHost: ${hostHeader}\r\nConnection: close\r\n\r\n`)
    })
    let text = ''
    socket.on('data', (d) => (text += d.toString('latin1')))
    socket.on('end', () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0)))
    socket.on('error', reject)
  })
}

function get(
  url: string,
  method = 'GET',
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method }, (res) => {
      let body = ''
      res.on('data', (d: Buffer) => (body += d.toString()))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
    })
    req.on('error', reject)
    req.end()
  })
}

/** Opens the WebSocket; resolves with the socket, or with the HTTP status it was refused with. */
function openSocket(
  host: TestHost,
  opts: { token?: string | null; origin?: string | null },
): Promise<WebSocket | number> {
  const token = opts.token === undefined ? host.token : opts.token
  const url = `ws://127.0.0.1:${host.port}${WS_PATH}${token === null ? '' : `?token=${token}`}`
  const origin = opts.origin === undefined ? host.origin : opts.origin
  const ws = new WebSocket(url, origin === null ? {} : { origin })
  return new Promise((resolve) => {
    ws.once('open', () => resolve(ws))
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0)
      res.resume()
    })
    ws.once('error', () => resolve(-1))
  })
}

function call(ws: WebSocket, id: number, channel: string, payload: unknown): Promise<unknown> {
  return new Promise((resolve) => {
    const onMessage = (data: Buffer) => {
      const m = JSON.parse(data.toString()) as { id?: number; result?: unknown }
      if (m.id === id) {
        ws.off('message', onMessage)
        resolve(m.result)
      }
    }
    ws.on('message', onMessage)
    ws.send(JSON.stringify({ id, channel, payload }))
  })
}

describe('browser test host', () => {
  let dir: string
  let app: E2eApp | undefined
  let host: TestHost
  const opened: string[] = []
  const probes = fakeProbes()

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'scanpath-host-'))
    const renderer = join(dir, 'renderer')
    mkdirSync(join(renderer, 'assets'), { recursive: true })
    writeFileSync(join(renderer, 'index.html'), INDEX)
    writeFileSync(join(renderer, 'assets', 'app.js'), 'console.log("app")\n')
    writeFileSync(join(renderer, 'assets', 'app.css'), 'body{}\n')
    writeFileSync(join(dir, 'secret.txt'), 'outside the renderer\n')
    symlinkSync(join(dir, 'secret.txt'), join(renderer, 'assets', 'link.txt'))
    app = await startApp({
      dir,
      inMemory: true,
      browser: false,
      rendererDir: renderer,
      wrapProbes: () => probes.service,
      openExternal: async (url) => {
        opened.push(url)
      },
      log: () => {},
    })
    host = app.host
  })

  afterAll(async () => {
    await app?.dispose()
    rmSync(dir, { recursive: true, force: true })
  })

  it('listens on 127.0.0.1 and hands out a long random token in the URL', () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=${host.token}`)
    expect(host.token.length).toBeGreaterThanOrEqual(32)
  })

  it('serves index.html with the bridge injected and only connect-src changed', async () => {
    const res = await get(host.url)
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8')
    const expected = BUILT_CSP.replace(
      "connect-src 'none'",
      `connect-src ws://127.0.0.1:${host.port}`,
    )
    expect(res.body).toContain(`content="${expected}"`)
    expect(res.headers['content-security-policy']).toBe(`${expected}; frame-ancestors 'none'`)
    expect(res.body.indexOf('<script src="/__scanpath/bridge.js"></script>')).toBeLessThan(
      res.body.indexOf('<script type="module"'),
    )
    expect(res.body.indexOf('/__scanpath/bridge.js')).toBeGreaterThan(0)
  })

  it('serves the bundled bridge and static files with their content types', async () => {
    const bridge = await get(`${host.origin}/__scanpath/bridge.js`)
    expect(bridge.status).toBe(200)
    expect(bridge.headers['content-type']).toBe('text/javascript; charset=utf-8')
    expect(bridge.body).toContain('/__scanpath/ws?token=')
    expect((await get(`${host.origin}/assets/app.css`)).headers['content-type']).toBe(
      'text/css; charset=utf-8',
    )
    expect((await get(`${host.origin}/assets/app.js`)).headers['x-content-type-options']).toBe(
      'nosniff',
    )
  })

  it.each([
    '/../secret.txt',
    '/assets/../../secret.txt',
    '/%2e%2e/secret.txt',
    '/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
    '/..%5csecret.txt',
    '/assets/link.txt',
    '/assets',
    '/%00',
    '/%E0%A4%A',
  ])('refuses %s', async (path) => {
    expect(await rawGet(host.port, path)).toBe(404)
  })

  it('answers only requests addressed to 127.0.0.1:<port> (no DNS rebinding)', async () => {
    expect(await rawGet(host.port, '/', `attacker.example:${host.port}`)).toBe(421)
    expect(await rawGet(host.port, '/', `localhost:${host.port}`)).toBe(421)
  })

  it('allows only GET and HEAD', async () => {
    expect((await get(host.url, 'POST')).status).toBe(405)
    const head = await get(host.url, 'HEAD')
    expect(head.status).toBe(200)
    expect(head.body).toBe('')
  })

  it('refuses a WebSocket without the token, with a wrong one, or from another origin', async () => {
    expect(await openSocket(host, { token: null })).toBe(403)
    expect(await openSocket(host, { token: 'x'.repeat(host.token.length) })).toBe(403)
    expect(await openSocket(host, { token: 'short' })).toBe(403)
    expect(await openSocket(host, { origin: 'http://attacker.example' })).toBe(403)
    expect(await openSocket(host, { origin: `http://localhost:${host.port}` })).toBe(403)
    expect(await openSocket(host, { origin: null })).toBe(403)
  })

  it('dispatches through the shared handler table: validation, Results, events', async () => {
    const ws = await openSocket(host, {})
    if (typeof ws === 'number') throw new Error(`refused with ${ws}`)
    const events: ProbeProgress[] = []
    ws.on('message', (data: Buffer) => {
      const m = JSON.parse(data.toString()) as { event?: string; payload?: ProbeProgress }
      if (m.event === 'probes:progress' && m.payload) events.push(m.payload)
    })

    expect(await call(ws, 1, 'probes:nope', {})).toMatchObject({
      ok: false,
      error: { code: 'unknown-channel' },
    })
    expect(await call(ws, 2, 'probes:run', { runId: 'bad id!', options: {} })).toMatchObject({
      ok: false,
      error: { code: 'invalid-payload' },
    })
    expect(
      await call(ws, 3, 'app:open-external', { url: 'https://learn.microsoft.com/x' }),
    ).toEqual({ ok: true, value: { opened: true } })
    expect(opened).toEqual(['https://learn.microsoft.com/x'])

    // A run streams its events to this socket; cancelling from the same socket ends it.
    const runId = 'run-0000-aaaa'
    const run = call(ws, 4, 'probes:run', { runId, options: { submissionHost: 'localhost' } })
    await expect.poll(() => events.length).toBe(1)
    expect(events[0]).toMatchObject({ kind: 'started', runId })
    expect(await call(ws, 5, 'probes:cancel', { runId })).toEqual({
      ok: true,
      value: { cancelled: true },
    })
    expect(await run).toMatchObject({ ok: true, value: { runId, cancelled: true, offline: false } })
    ws.close()
  })

  it('cancels the runs of a page that goes away mid-run', async () => {
    const ws = await openSocket(host, {})
    if (typeof ws === 'number') throw new Error(`refused with ${ws}`)
    const runId = 'run-1111-bbbb'
    void call(ws, 1, 'probes:run', { runId, options: {} })
    await expect.poll(() => probes.started.includes(runId)).toBe(true)
    ws.terminate()
    await expect.poll(() => probes.cancelled.includes(runId)).toBe(true)
  })

  it('refuses to serve a page whose CSP does not have connect-src none', () => {
    expect(() =>
      preparePage(INDEX.replace("connect-src 'none'", "connect-src 'self'"), host.origin),
    ).toThrow(/connect-src 'none'/)
    expect(() => preparePage('<html></html>', host.origin)).toThrow(/Content-Security-Policy/)
  })
})
