/**
 * A shared, reference-counted poll: every screen that needs fresh data `acquire`s it and releases
 * it on unmount; the timer runs while anyone holds it. `stop` ends it outright (the store's
 * reset, between unit tests), so no timer outlives the state it writes into.
 */
export interface Poller {
  /** Starts polling (a first tick at once) and returns the release function. */
  acquire(): () => void
  stop(): void
}

export function createPoller(tick: () => Promise<void>, intervalMs: number): Poller {
  let holders = 0
  let timer: ReturnType<typeof setTimeout> | null = null
  /** Bumped by stop: a tick that was in flight does not schedule the next one. */
  let generation = 0

  const schedule = (gen: number) => {
    timer = setTimeout(() => {
      timer = null
      void run(gen)
    }, intervalMs)
  }
  const run = async (gen: number) => {
    try {
      await tick()
    } finally {
      // The next tick waits for this one: a slow bridge never piles requests up.
      if (gen === generation && holders > 0 && timer === null) schedule(gen)
    }
  }
  const stop = () => {
    generation++
    holders = 0
    if (timer !== null) clearTimeout(timer)
    timer = null
  }

  return {
    acquire() {
      holders++
      if (holders === 1) void run(generation)
      let released = false
      return () => {
        if (released) return
        released = true
        holders = Math.max(0, holders - 1)
        if (holders === 0) {
          generation++
          if (timer !== null) clearTimeout(timer)
          timer = null
        }
      }
    },
    stop,
  }
}
