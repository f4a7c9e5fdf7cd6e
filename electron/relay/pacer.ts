/**
 * Keeps the relay within a mailbox's sending limits: so many messages in any minute, so many
 * recipients in any 24 hours (sliding windows, as Exchange Online counts them).
 */
const MINUTE_MS = 60_000
const DAY_MS = 24 * 60 * 60_000

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
}
