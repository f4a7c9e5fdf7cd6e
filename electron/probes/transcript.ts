/**
 * The recorded conversation of a probe. Secrets are redacted as a line is recorded, never later:
 * nothing unredacted is ever held in a transcript.
 */
import type { TranscriptLine } from '../../shared/probe-types'

const MAX_LINES = 400
const MAX_TEXT = 1000

/** `AUTH LOGIN dXNlcg==` → `AUTH LOGIN [redacted]`: the mechanism stays, the credential goes. */
export function redactCommand(text: string): string {
  const m = /^(AUTH\s+\S+)(\s+\S.*)?$/i.exec(text)
  if (m) return m[2] ? `${m[1]} [redacted]` : (m[1] ?? text)
  return text
}

export class Transcript {
  readonly lines: TranscriptLine[] = []
  private dropped = 0

  constructor(private readonly elapsed: () => number) {}

  private add(dir: TranscriptLine['dir'], tls: boolean, text: string): void {
    if (this.lines.length >= MAX_LINES) {
      this.dropped += 1
      return
    }
    const clipped =
      text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}… (${text.length} characters)` : text
    this.lines.push({ dir, tls, text: clipped, tMs: Math.round(this.elapsed()) })
  }

  send(text: string, tls: boolean): void {
    this.add('send', tls, redactCommand(text))
  }

  /** A client line that carries a secret (an AUTH continuation): only its presence is recorded. */
  sendSecret(tls: boolean): void {
    this.add('send', tls, '[redacted]')
  }

  recv(lines: string[], tls: boolean): void {
    for (const l of lines) this.add('recv', tls, l)
  }

  info(text: string, tls: boolean): void {
    this.add('info', tls, text)
  }

  error(text: string, tls: boolean): void {
    this.add('error', tls, text)
  }

  finish(): TranscriptLine[] {
    if (this.dropped > 0) {
      this.lines.push({
        dir: 'info',
        tls: false,
        text: `… ${this.dropped} more lines not kept`,
        tMs: Math.round(this.elapsed()),
      })
      this.dropped = 0
    }
    return this.lines
  }
}
