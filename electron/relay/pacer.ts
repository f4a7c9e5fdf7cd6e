/**
 * Keeps the relay within a mailbox's sending limits: so many messages in any minute, so many
 * recipients in any 24 hours (sliding windows, as Exchange Online counts them). The counts
 * survive a restart as a small snapshot (recipients summed per minute).
 */
const MINUTE_MS = 60_000
const DAY_MS = 24 * 60 * 60_000

/** What is kept on disk: send times of the last minute, recipients per minute of the last day. */
export interface PacerSnapshot {
  sends: number[]
  /** [the minute's end (ms), recipients sent in it] */
  recipients: Array<[number, number]>
}

function isSnapshot(v: unknown): v is PacerSnapshot {
  const s = v as Partial<PacerSnapshot> | null
  return (
    typeof s === 'object' &&
    s !== null &&
    Array.isArray(s.sends) &&
    s.sends.every((t) => Number.isFinite(t)) &&
    Array.isArray(s.recipients) &&
    s.recipients.every(
      (r) => Array.isArray(r) && r.length === 2 && r.every((n) => Number.isFinite(n) && n >= 0),
    )
  )
}

export class Pacer {
  private readonly sends: number[] = []
  private readonly recipients: Array<{ at: number; count: number }> = []

  constructor(
    private readonly perMinute: number,
    private readonly perDay: number,
  ) {}

  private prune(now: number): void {
    while (this.sends.length > 0 && (this.sends[0] ?? now) <= now - MINUTE_MS) this.sends.shift()
    while (this.recipients.length > 0 && (this.recipients[0]?.at ?? now) <= now - DAY_MS)
      this.recipients.shift()
  }

  /** How long to wait before a message to `count` recipients may go (0: now). */
  waitMs(now: number, count: number): number {
    this.prune(now)
    let wait = 0
    if (this.sends.length >= this.perMinute) wait = (this.sends[0] ?? now) + MINUTE_MS - now
    // A message with more recipients than a whole day allows goes alone, once the day is clear.
    const needed = Math.min(count, this.perDay)
    let total = this.recipients.reduce((n, r) => n + r.count, 0)
    for (const r of this.recipients) {
      if (total + needed <= this.perDay) break
      total -= r.count
      wait = Math.max(wait, r.at + DAY_MS - now)
    }
    return Math.max(0, wait)
  }

  record(now: number, count: number): void {
    this.sends.push(now)
    this.recipients.push({ at: now, count })
  }

  /** The counts still inside their windows; each minute's recipients dated at its end (later). */
  snapshot(now: number): PacerSnapshot {
    this.prune(now)
    const perMinute = new Map<number, number>()
    for (const r of this.recipients) {
      const end = Math.floor(r.at / MINUTE_MS) * MINUTE_MS + MINUTE_MS
      perMinute.set(end, (perMinute.get(end) ?? 0) + r.count)
    }
    return { sends: [...this.sends], recipients: [...perMinute] }
  }

  /** Takes the counts of a snapshot (after a restart); a snapshot that is not one is ignored. */
  restore(snapshot: unknown, now: number): boolean {
    if (!isSnapshot(snapshot)) return false
    // Never further ahead than a minute's end: a clock set back must not hold sending longer.
    const clamp = (t: number, ahead = 0): number => Math.min(t, now + ahead)
    this.sends.splice(0, Infinity, ...snapshot.sends.map((t) => clamp(t)).sort((a, b) => a - b))
    this.recipients.splice(
      0,
      Infinity,
      ...snapshot.recipients
        .map(([at, count]) => ({ at: clamp(at, MINUTE_MS), count }))
        .sort((a, b) => a.at - b.at),
    )
    this.prune(now)
    return true
  }
}
