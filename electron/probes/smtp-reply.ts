/**
 * SMTP replies as they come off the wire (RFC 5321 §4.2): lines are `code[-| ]text` (each read by
 * shared/smtp/reply-text), a hyphen continues the reply and a space (or nothing) ends it. Bytes
 * arrive in arbitrary chunks — one byte at a time from a hostile or slow server — so a reply is
 * assembled at line boundaries only. Hard caps keep a hostile server from making us buffer
 * without bound.
 */
import net from 'node:net'

import { displayText } from '../../shared/display-text'
import type { SmtpReplySummary } from '../../shared/probe-types'
import { parseReplyLine, strictEnhancedCodeOf } from '../../shared/smtp/reply-text'

/** RFC 5321 §4.5.3.1.5 allows 512 octets per reply line; real servers stay well under this cap. */
export const MAX_LINE_BYTES = 2048
/** A whole multi-line reply (EHLO lists run to a dozen lines). */
export const MAX_REPLY_LINES = 200
export const MAX_REPLY_BYTES = 64 * 1024

export interface SmtpReply {
  code: number
  /** Text of each line, without the code and separator. */
  lines: string[]
  /** Bytes the reply took on the wire, line ends included. */
  bytes: number
}

export type ParseError = { kind: 'line-too-long' | 'reply-too-large' | 'protocol'; message: string }

export class ReplyParser {
  private partial: Buffer[] = []
  private partialBytes = 0
  private current: string[] = []
  private currentCode: number | null = null
  private currentBytes = 0
  /**
   * The first error, kept until reset(). After it the stream is out of step: nothing more is
   * parsed or held, so a server that keeps sending (until the socket closes) cannot grow the
   * buffers past the caps, which it could while they kept accumulating after the error.
   */
  private failed: ParseError | null = null

  /** Feeds a chunk; returns the replies it completed, or the first error (again on every later push). */
  push(chunk: Buffer): { replies: SmtpReply[]; error: ParseError | null } {
    if (this.failed) return { replies: [], error: this.failed }
    const result = this.parse(chunk)
    if (result.error) {
      this.reset()
      this.failed = result.error
    }
    return result
  }

  private parse(chunk: Buffer): { replies: SmtpReply[]; error: ParseError | null } {
    const replies: SmtpReply[] = []
    let rest = chunk
    for (;;) {
      const nl = rest.indexOf(0x0a)
      if (nl === -1) {
        this.partial.push(rest)
        this.partialBytes += rest.length
        if (this.partialBytes > MAX_LINE_BYTES) {
          return {
            replies,
            error: {
              kind: 'line-too-long',
              message: `the server sent a line longer than ${MAX_LINE_BYTES} bytes without ending it`,
            },
          }
        }
        return { replies, error: null }
      }
      const piece = rest.subarray(0, nl)
      rest = rest.subarray(nl + 1)
      const lineBuf = this.partial.length ? Buffer.concat([...this.partial, piece]) : piece
      this.partial = []
      this.partialBytes = 0
      if (lineBuf.length > MAX_LINE_BYTES) {
        return {
          replies,
          error: {
            kind: 'line-too-long',
            message: `the server sent a line longer than ${MAX_LINE_BYTES} bytes`,
          },
        }
      }
      const line = lineBuf.toString('utf8').replace(/\r$/, '')
      const parsed = parseReplyLine(line)
      if (!parsed) {
        return {
          replies,
          error: {
            kind: 'protocol',
            message: `the server sent something that is not an SMTP reply: "${clip(line)}"`,
          },
        }
      }
      const { code } = parsed
      if (this.currentCode !== null && code !== this.currentCode) {
        return {
          replies,
          error: {
            kind: 'protocol',
            message: `a multi-line reply changed its code from ${this.currentCode} to ${code}`,
          },
        }
      }
      this.currentCode = code
      this.current.push(parsed.text)
      this.currentBytes += lineBuf.length + 1
      if (this.current.length > MAX_REPLY_LINES || this.currentBytes > MAX_REPLY_BYTES) {
        return {
          replies,
          error: {
            kind: 'reply-too-large',
            message: `the server sent a reply over ${MAX_REPLY_LINES} lines or ${MAX_REPLY_BYTES} bytes`,
          },
        }
      }
      if (!parsed.continues) {
        replies.push({ code, lines: this.current, bytes: this.currentBytes })
        this.current = []
        this.currentCode = null
        this.currentBytes = 0
      }
    }
  }

  /** Bytes held that do not yet form a complete reply (discarded at the STARTTLS boundary). */
  bufferedBytes(): number {
    return this.partialBytes + this.currentBytes
  }

  reset(): void {
    this.partial = []
    this.partialBytes = 0
    this.current = []
    this.currentCode = null
    this.currentBytes = 0
    this.failed = null
  }
}

/**
 * A server's text quoted in one of our messages: made safe to show (controls, escape sequences
 * and bidi characters as visible escapes, é and the like kept), then cut to `max` code points so
 * no surrogate pair is split.
 */
export function clip(text: string, max = 120): string {
  const chars = Array.from(displayText(text))
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : chars.join('')
}

/** RFC 3463 enhanced status code at the start of the first line (`5.7.139`, `4.7.66`), if any. */
export function enhancedCode(reply: SmtpReply): string | null {
  return strictEnhancedCodeOf(reply.lines[0] ?? '')
}

export function summarizeReply(reply: SmtpReply): SmtpReplySummary {
  return { code: reply.code, enhanced: enhancedCode(reply), text: reply.lines.join('\n') }
}

/** The reply as the server wrote it, one line per entry (for transcripts). */
export function replyLines(reply: SmtpReply): string[] {
  return reply.lines.map((l, i) => `${reply.code}${i === reply.lines.length - 1 ? ' ' : '-'}${l}`)
}

/** EHLO keywords (RFC 5321 §4.1.1.1), upper-cased, with parameters; `AUTH=LOGIN` (old form) counts as AUTH. */
export function parseEhlo(reply: SmtpReply): {
  greeting: string
  capabilities: Record<string, string[]>
} {
  const [greeting = '', ...rest] = reply.lines
  const capabilities: Record<string, string[]> = {}
  for (const line of rest) {
    const [rawKey = '', ...params] = line.trim().split(/\s+/)
    if (!rawKey) continue
    let key = rawKey.toUpperCase()
    if (key.startsWith('AUTH=')) {
      params.unshift(key.slice(5))
      key = 'AUTH'
    }
    const existing = capabilities[key] ?? []
    capabilities[key] = [...existing, ...params.map((p) => (key === 'AUTH' ? p.toUpperCase() : p))]
  }
  return { greeting, capabilities }
}

/** `250-host Hello [203.0.113.7]` → `203.0.113.7` (Exchange Online's way of showing our public IP). */
export function echoedClientIp(greeting: string): string | null {
  const m = /\[(?:IPv6:)?([0-9A-Fa-f:.]+)\]/.exec(greeting)
  const ip = m?.[1]
  return ip && net.isIP(ip) ? ip : null
}
