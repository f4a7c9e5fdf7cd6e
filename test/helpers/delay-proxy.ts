import { connect, createServer, type Socket } from 'node:net'

/**
 * A TCP proxy on loopback that adds a fixed one-way delay in each direction. `tc netem` is not
 * available on the test kernel, so latency for tests and benchmarks is simulated here.
 *
 * Connecting to the proxy is immediate and so is the proxy's connect to the target; the delay
 * applies to bytes (and half-closes). A server's greeting therefore costs one one-way delay and
 * each request/response one round trip (2 × delayMs), which is what the benchmarks model.
 */

export interface DelayProxy {
  host: '127.0.0.1'
  port: number
  /** Destroys every connection, stops listening and clears every timer. */
  close(): Promise<void>
}

/**
 * The timer functions the proxy schedules with. Tests pass their own (real timers that keep a
 * count) to see exactly which timers this proxy holds, whatever else runs in the process.
 */
export interface ProxyTimers {
  setTimeout(fn: () => void, ms: number): NodeJS.Timeout
  clearTimeout(timer: NodeJS.Timeout): void
}

const SYSTEM_TIMERS: ProxyTimers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (timer) => clearTimeout(timer),
}

// Bytes held in one direction's delay line before the source is paused. Keeps a fast sender
// from buffering without bound while still letting a full delay window of data be in flight.
const MAX_QUEUED_BYTES = 4 * 1024 * 1024

type Item = { due: number; chunk: Buffer | null }

/** One direction of one connection: a FIFO delay line from `src` to `dst`. */
class DelayLine {
  private readonly queue: Item[] = []
  private head = 0
  private queuedBytes = 0
  private timer: NodeJS.Timeout | undefined
  private srcPaused = false
  private dstBlocked = false

  constructor(
    private readonly src: Socket,
    private readonly dst: Socket,
    private readonly delayMs: number,
    private readonly timers: ProxyTimers,
  ) {
    src.on('data', (chunk: Buffer) => this.push(chunk))
    // Half-close travels through the delay line like data, so it arrives after the last byte.
    src.on('end', () => this.push(null))
    dst.on('drain', () => {
      this.dstBlocked = false
      this.updateFlow()
    })
  }

  private push(chunk: Buffer | null): void {
    // Due time comes from the arrival time, not from when the previous item left, so a burst
    // of chunks does not accumulate delay.
    this.queue.push({ due: performance.now() + this.delayMs, chunk })
    if (chunk) this.queuedBytes += chunk.length
    this.updateFlow()
    // With no delay, forward at once: even a 0 ms timer costs about 1 ms per hop, which would
    // make a 0 ms proxy (used as a baseline) slower than a plain connection.
    if (this.delayMs === 0) this.flush()
    else if (!this.timer) this.schedule()
  }

  private schedule(): void {
    const next = this.queue[this.head]
    if (!next) return
    // Node's timers run on the event loop's millisecond clock, which lags the real time by up to
    // a millisecond, so a timer can fire a little before `due`. flush() then finds nothing due
    // and comes back here for the rest (Node waits at least 1 ms): a byte is never early.
    const wait = Math.max(0, next.due - performance.now())
    this.timer = this.timers.setTimeout(() => {
      this.timer = undefined
      this.flush()
    }, wait)
  }

  private flush(): void {
    const now = performance.now()
    while (this.head < this.queue.length && this.queue[this.head]!.due <= now) {
      const { chunk } = this.queue[this.head]!
      this.queue[this.head] = undefined as unknown as Item
      this.head++
      if (this.dst.destroyed) return
      if (chunk === null) {
        this.dst.end()
      } else {
        this.queuedBytes -= chunk.length
        if (!this.dst.write(chunk)) this.dstBlocked = true
      }
    }
    // Compact now and then, so a long-lived connection does not keep a growing array.
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head)
      this.head = 0
    }
    this.updateFlow()
    this.schedule()
  }

  // Backpressure: stop reading when the destination's buffer is full or the line is too long.
  private updateFlow(): void {
    const shouldPause = this.dstBlocked || this.queuedBytes > MAX_QUEUED_BYTES
    if (shouldPause && !this.srcPaused) {
      this.srcPaused = true
      this.src.pause()
    } else if (!shouldPause && this.srcPaused) {
      this.srcPaused = false
      this.src.resume()
    }
  }

  stop(): void {
    if (this.timer) this.timers.clearTimeout(this.timer)
    this.timer = undefined
    this.queue.length = 0
    this.head = 0
  }
}

export async function startDelayProxy(opts: {
  targetHost: string
  targetPort: number
  delayMs: number
  timers?: ProxyTimers
}): Promise<DelayProxy> {
  const { targetHost, targetPort, delayMs, timers = SYSTEM_TIMERS } = opts
  if (!(delayMs >= 0)) throw new Error('delayMs must be ≥ 0')
  const teardowns = new Set<() => void>()

  // allowHalfOpen: a client's FIN must not close our write side before the server has answered.
  const server = createServer({ allowHalfOpen: true, noDelay: true }, (client) => {
    const upstream = connect({ host: targetHost, port: targetPort, allowHalfOpen: true })
    upstream.setNoDelay(true)
    const lines = [
      new DelayLine(client, upstream, delayMs, timers),
      new DelayLine(upstream, client, delayMs, timers),
    ]

    const teardown = () => {
      teardowns.delete(teardown)
      for (const line of lines) line.stop()
      client.destroy()
      upstream.destroy()
    }
    teardowns.add(teardown)

    // Any error, or a socket closing on one, ends both sides at once (like a reset).
    const onClose = (hadError: boolean) => {
      if (hadError || (client.destroyed && upstream.destroyed)) teardown()
    }
    client.on('error', teardown)
    upstream.on('error', teardown)
    client.on('close', onClose)
    upstream.on('close', onClose)
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('proxy has no TCP address')

  let closing: Promise<void> | undefined
  return {
    host: '127.0.0.1',
    port: address.port,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve())
        for (const teardown of [...teardowns]) teardown()
      })
      return closing
    },
  }
}
