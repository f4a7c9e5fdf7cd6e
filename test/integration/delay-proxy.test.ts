import { randomBytes } from 'node:crypto'
import { connect, createServer, type Server, type Socket } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startDelayProxy, type DelayProxy, type ProxyTimers } from '../helpers/delay-proxy'

const DELAY_MS = 40

function connectTo(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const sock = connect({ host: '127.0.0.1', port }, () => resolve(sock))
    sock.once('error', reject)
  })
}

/**
 * Real timers that remember which of the ones set through them are still pending: the proxy's
 * own timers, counted apart from every other timer in the process (vitest's among them).
 * `armed` settles when the first one is set.
 */
function countingTimers(): ProxyTimers & { pending: Set<NodeJS.Timeout>; armed: Promise<void> } {
  const pending = new Set<NodeJS.Timeout>()
  let onArmed = () => {}
  const armed = new Promise<void>((resolve) => (onArmed = resolve))
  return {
    pending,
    armed,
    setTimeout(fn, ms) {
      const timer = setTimeout(() => {
        pending.delete(timer)
        fn()
      }, ms)
      pending.add(timer)
      onArmed()
      return timer
    },
    clearTimeout(timer) {
      pending.delete(timer)
      clearTimeout(timer)
    },
  }
}

describe('delay proxy', () => {
  let echo: Server
  let proxy: DelayProxy

  beforeAll(async () => {
    // Echoes and, on the client's FIN, finishes its own side, so a half-close can be observed.
    echo = createServer({ allowHalfOpen: true }, (sock) => {
      sock.on('error', () => {})
      sock.pipe(sock)
    })
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve))
    const port = (echo.address() as { port: number }).port
    proxy = await startDelayProxy({ targetHost: '127.0.0.1', targetPort: port, delayMs: DELAY_MS })
  })
  afterAll(async () => {
    await proxy?.close()
    await new Promise<void>((resolve) => (echo ? echo.close(() => resolve()) : resolve()))
  })

  it('adds one delay each way to a round trip', async () => {
    const sock = await connectTo(proxy.port)
    sock.setNoDelay(true)
    const rtts: number[] = []
    for (let i = 0; i < 3; i++) {
      const started = performance.now()
      const reply = new Promise<string>((resolve) =>
        sock.once('data', (d) => resolve(d.toString())),
      )
      sock.write(`ping ${i}\n`)
      expect(await reply).toBe(`ping ${i}\n`)
      rtts.push(performance.now() - started)
    }
    sock.destroy()
    for (const rtt of rtts) {
      expect(rtt).toBeGreaterThanOrEqual(2 * DELAY_MS)
      expect(rtt).toBeLessThan(250)
    }
  })

  it('schedules by arrival time, so a stream of chunks does not drift', async () => {
    const sock = await connectTo(proxy.port)
    sock.setNoDelay(true)
    const sentAt: number[] = []
    const lags: number[] = []
    let buf = ''
    const all = new Promise<void>((resolve) => {
      sock.on('data', (d) => {
        buf += d.toString()
        let i
        while ((i = buf.indexOf('\n')) >= 0) {
          const n = Number(buf.slice(0, i))
          buf = buf.slice(i + 1)
          lags.push(performance.now() - sentAt[n]!)
          if (n === 9) resolve()
        }
      })
    })
    for (let n = 0; n < 10; n++) {
      sentAt.push(performance.now())
      sock.write(`${n}\n`)
      await new Promise((r) => setTimeout(r, 10))
    }
    await all
    sock.destroy()
    // Each line takes about one round trip however many are in flight behind it.
    for (const lag of lags) {
      expect(lag).toBeGreaterThanOrEqual(2 * DELAY_MS)
      expect(lag).toBeLessThan(2 * DELAY_MS + 60)
    }
  })

  it('never forwards a byte before its delay is up', async () => {
    // A sink that notes when each line arrives: one hop through the proxy, measured on one clock.
    const arrivals: Array<(at: number) => void> = []
    const sink = createServer((s) => {
      let buf = ''
      s.on('data', (d) => {
        const at = performance.now()
        buf += d.toString()
        while (buf.includes('\n')) {
          buf = buf.slice(buf.indexOf('\n') + 1)
          arrivals.shift()?.(at)
        }
      })
    })
    await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve))
    const p = await startDelayProxy({
      targetHost: '127.0.0.1',
      targetPort: (sink.address() as { port: number }).port,
      delayMs: DELAY_MS,
    })
    try {
      const sock = await connectTo(p.port)
      sock.setNoDelay(true)
      const lags: number[] = []
      // One line at a time, each its own item in the delay line with its own timer.
      for (let n = 0; n < 50; n++) {
        const arrived = new Promise<number>((resolve) => arrivals.push(resolve))
        const sentAt = performance.now()
        sock.write(`${n}\n`)
        lags.push((await arrived) - sentAt)
      }
      sock.destroy()
      expect(Math.min(...lags)).toBeGreaterThanOrEqual(DELAY_MS)
    } finally {
      await p.close()
      await new Promise<void>((resolve) => sink.close(() => resolve()))
    }
  })

  it('carries 1 MB intact and in order, then forwards the half-close', async () => {
    const payload = randomBytes(1024 * 1024)
    const sock = await connectTo(proxy.port)
    const received: Buffer[] = []
    const done = new Promise<void>((resolve, reject) => {
      sock.on('data', (d: Buffer) => received.push(d))
      // 'end' here means the echo server's FIN made it back through the proxy.
      sock.on('end', () => resolve())
      sock.on('error', reject)
    })
    // Written in odd-sized pieces so chunk boundaries inside the proxy differ from the writer's.
    for (let off = 0; off < payload.length; off += 7919) {
      sock.write(payload.subarray(off, Math.min(off + 7919, payload.length)))
    }
    sock.end()
    await done
    const got = Buffer.concat(received)
    expect(got.length).toBe(payload.length)
    expect(got.equals(payload)).toBe(true)
  })

  it('resets the client when the target refuses', async () => {
    // Bind and release a port so that nothing listens on it.
    const dead = createServer()
    await new Promise<void>((resolve) => dead.listen(0, '127.0.0.1', resolve))
    const deadPort = (dead.address() as { port: number }).port
    await new Promise<void>((resolve) => dead.close(() => resolve()))

    const p = await startDelayProxy({ targetHost: '127.0.0.1', targetPort: deadPort, delayMs: 10 })
    try {
      const sock = await connectTo(p.port)
      const closed = await new Promise<boolean>((resolve) => {
        sock.on('error', () => {})
        sock.on('close', () => resolve(true))
        setTimeout(() => resolve(false), 2000)
      })
      expect(closed).toBe(true)
    } finally {
      await p.close()
    }
  })

  it('close() ends open connections, clears its timers and is idempotent', async () => {
    const timers = countingTimers()
    const p = await startDelayProxy({
      targetHost: '127.0.0.1',
      targetPort: (echo.address() as { port: number }).port,
      delayMs: 1000,
      timers,
    })
    const sock = await connectTo(p.port)
    const closed = new Promise<void>((resolve) => sock.on('close', () => resolve()))
    sock.on('error', () => {})
    // Leaves an item queued for a second, so close() has a live timer to clear.
    sock.write('pending')
    await timers.armed
    expect(timers.pending.size).toBe(1)
    await Promise.all([p.close(), p.close()])
    await closed
    expect(timers.pending.size).toBe(0)
  })
})
