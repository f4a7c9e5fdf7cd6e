/**
 * Property-based tests (fast-check) of the SMTP reply parser and the reply explainer against what a
 * hostile or broken server can send: random bytes, SMTP-like streams built around the caps, the
 * same stream cut into chunks at random places, and generated multi-line replies.
 *
 * Properties of the parser: it never throws (errors come back as a ParseError), cutting a stream
 * differently changes nothing (same replies, same error), what it holds stays under its caps even
 * when fed after an error, every byte is accounted for, and well-formed replies round-trip.
 * Properties of the explainer: any code and text get an explanation, quickly, without throwing.
 *
 * Runs use a fixed seed (FUZZ_SEED overrides it; FUZZ_RUNS multiplies the run counts); fast-check
 * prints the seed and the shrunk counterexample of a failure, so it can be replayed.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import {
  enhancedCode,
  MAX_LINE_BYTES,
  MAX_REPLY_BYTES,
  MAX_REPLY_LINES,
  ReplyParser,
  replyLines,
  type ParseError,
  type SmtpReply,
} from '../../../../electron/probes/smtp-reply'
import { displayText } from '../../../../shared/display-text'
import { explainAnyReply, explainReply } from '../../../../shared/smtp/explain-reply'
import { enhancedCodeOf } from '../../../../shared/smtp/reply-text'
import { fuzzParams } from '../../../helpers/fuzz-values'

const params = (numRuns: number) => fuzzParams(numRuns, 0x5e7c0de)

interface Fed {
  replies: SmtpReply[]
  error: ParseError | null
  /** bufferedBytes() after each push. */
  buffered: number[]
  consumed: number
}

/** Feeds chunks until the first error (what the session does: it fails on the first one). */
function feed(chunks: Buffer[], parser = new ReplyParser()): Fed {
  const out: Fed = { replies: [], error: null, buffered: [], consumed: 0 }
  for (const chunk of chunks) {
    const { replies, error } = parser.push(chunk)
    out.consumed += chunk.length
    out.replies.push(...replies)
    out.buffered.push(parser.bufferedBytes())
    if (error) {
      out.error = error
      break
    }
  }
  return out
}

/** The stream cut at the given offsets (taken modulo its length, so any list of numbers works). */
function split(stream: Buffer, cuts: number[]): Buffer[] {
  const at = [...new Set(cuts.map((c) => c % (stream.length + 1)))].sort((a, b) => a - b)
  const chunks: Buffer[] = []
  let from = 0
  for (const c of at) {
    chunks.push(stream.subarray(from, c))
    from = c
  }
  chunks.push(stream.subarray(from))
  return chunks
}

/** What must match between two feedings of the same bytes. */
function outcome(f: Fed) {
  return {
    replies: f.replies,
    errorKind: f.error?.kind ?? null,
    // "line-too-long" says whether the line had ended yet, which depends on where the cut fell.
    errorMessage: f.error && f.error.kind !== 'line-too-long' ? f.error.message : null,
  }
}

const EOLS = ['\r\n', '\n'] as const

/** Reply text: printable ASCII, tab, and UTF-8 (SMTPUTF8 servers), never CR or LF. */
const replyText = fc
  .oneof(
    fc.string({ maxLength: 60 }),
    fc.string({ unit: 'grapheme', maxLength: 30 }),
    fc.constantFrom(
      '',
      ' ',
      '\t',
      'mx.contoso.test ESMTP ready',
      '5.7.139 Authentication unsuccessful',
      'zoë@contoso.test accepted',
      'text with a line separator \u2028 inside',
      'and a paragraph separator \u2029',
      'next line \u0085 (NEL)',
      '\u0000 NUL byte',
      'trailing space ',
      '—',
    ),
  )
  .map((s) => s.replace(/[\r\n]/g, ' '))

const code = fc.integer({ min: 200, max: 599 })
const generatedReply = fc.record({
  code,
  lines: fc.array(replyText, { minLength: 1, maxLength: 12 }),
})

/** One line of an SMTP-like stream: mostly well-formed, sometimes broken, some near the caps. */
const streamLine = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(code, fc.constantFrom(' ', '-'), replyText) },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.constantFrom('250', '250-', '25', '2500 x', 'abc def', '') },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: MAX_LINE_BYTES - 6, max: MAX_LINE_BYTES + 2 })
      .map((n) => `250-${'a'.repeat(n - 4)}`),
  },
)

const smtpLikeStream = fc
  .array(fc.tuple(streamLine, fc.constantFrom('\r\n', '\n', '\r', '')), { maxLength: 40 })
  .map((parts) =>
    Buffer.from(
      parts.map(([l, eol]) => (typeof l === 'string' ? l : `${l[0]}${l[1]}${l[2]}`) + eol).join(''),
    ),
  )

/** A stream that runs into the reply caps: many continuation lines of one code. */
const capStream = fc
  .record({
    lines: fc.integer({ min: MAX_REPLY_LINES - 2, max: MAX_REPLY_LINES + 2 }),
    width: fc.constantFrom(4, 300, 340, 400),
  })
  .map(({ lines, width }) =>
    Buffer.from(
      Array.from(
        { length: lines },
        (_, i) => `250${i === lines - 1 ? ' ' : '-'}${'x'.repeat(width)}\r\n`,
      ).join(''),
    ),
  )

const anyStream = fc.oneof(
  { weight: 3, arbitrary: fc.uint8Array({ maxLength: 3000 }).map((a) => Buffer.from(a)) },
  { weight: 5, arbitrary: smtpLikeStream },
  { weight: 1, arbitrary: capStream },
)
const cuts = fc.array(fc.nat(), { maxLength: 24 })

describe('ReplyParser under fuzzing', () => {
  it('never throws, reports errors as ParseError, and respects its caps in every reply', () => {
    fc.assert(
      fc.property(anyStream, cuts, (stream, at) => {
        const fed = feed(split(stream, at))
        for (const r of fed.replies) {
          expect(r.code).toBeGreaterThanOrEqual(0)
          expect(r.code).toBeLessThanOrEqual(999)
          expect(r.lines.length).toBeGreaterThan(0)
          expect(r.lines.length).toBeLessThanOrEqual(MAX_REPLY_LINES)
          expect(r.bytes).toBeLessThanOrEqual(MAX_REPLY_BYTES)
        }
        if (fed.error) {
          expect(['line-too-long', 'reply-too-large', 'protocol']).toContain(fed.error.kind)
          // The message reaches transcripts and the UI: bounded, and already safe to show (no
          // control, escape or bidi character left raw).
          expect(displayText(fed.error.message)).toBe(fed.error.message)
          expect(Array.from(fed.error.message).length).toBeLessThanOrEqual(300)
        }
      }),
      params(400),
    )
  })

  it('gives the same replies and the same error however the stream is cut', () => {
    fc.assert(
      fc.property(anyStream, cuts, fc.boolean(), (stream, at, bytewise) => {
        const whole = feed([stream])
        const pieces = bytewise
          ? feed([...stream].map((b) => Buffer.from([b])))
          : feed(split(stream, at))
        expect(outcome(pieces)).toEqual(outcome(whole))
      }),
      params(300),
    )
  })

  it('accounts for every byte: replies plus what it holds is what it was fed', () => {
    fc.assert(
      fc.property(anyStream, cuts, (stream, at) => {
        const fed = feed(split(stream, at))
        fc.pre(fed.error === null)
        const inReplies = fed.replies.reduce((n, r) => n + r.bytes, 0)
        expect(inReplies + (fed.buffered.at(-1) ?? 0)).toBe(fed.consumed)
      }),
      params(300),
    )
  })

  it('never holds more than its caps, even when a hostile server keeps sending after an error', () => {
    const cap = MAX_LINE_BYTES + MAX_REPLY_BYTES
    fc.assert(
      fc.property(
        anyStream,
        cuts,
        fc.array(fc.integer({ min: 1, max: 70_000 }), { minLength: 1, maxLength: 6 }),
        (stream, at, more) => {
          const parser = new ReplyParser()
          const fed = feed(split(stream, at), parser)
          for (const held of fed.buffered) expect(held).toBeLessThanOrEqual(cap)
          // The session may still get data events between the error and closing the socket.
          for (const n of more) {
            const r = parser.push(Buffer.alloc(n, n % 2 ? 0x41 : 0x0a))
            expect(parser.bufferedBytes()).toBeLessThanOrEqual(cap)
            if (fed.error) expect(r.error).toEqual(fed.error)
          }
        },
      ),
      params(200),
    )
  })

  it('round-trips generated multi-line replies, cut anywhere, with CRLF or bare LF', () => {
    fc.assert(
      fc.property(
        fc.array(generatedReply, { minLength: 1, maxLength: 8 }),
        fc.array(fc.constantFrom(...EOLS), { minLength: 1, maxLength: 8 }),
        cuts,
        (replies, eols, at) => {
          const wire = replies.map((r, i) =>
            Buffer.from(
              replyLines({ ...r, bytes: 0 })
                .map((l) => l + eols[i % eols.length])
                .join(''),
            ),
          )
          const fed = feed(split(Buffer.concat(wire), at))
          expect(fed.error).toBeNull()
          expect(fed.replies).toEqual(
            replies.map((r, i) => ({ code: r.code, lines: r.lines, bytes: wire[i]!.length })),
          )
          expect(fed.buffered.at(-1)).toBe(0)
        },
      ),
      params(300),
    )
  })

  it('after reset() behaves exactly like a fresh parser (the STARTTLS boundary)', () => {
    fc.assert(
      fc.property(anyStream, anyStream, cuts, (garbage, stream, at) => {
        const reused = new ReplyParser()
        feed(split(garbage, at), reused)
        reused.reset()
        expect(reused.bufferedBytes()).toBe(0)
        expect(outcome(feed([stream], reused))).toEqual(outcome(feed([stream])))
      }),
      params(200),
    )
  })
})

/** Texts built from the explainer's own keywords, hostile strings and reply-sized blobs. */
const explainerText = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 100 }),
  fc
    .array(
      fc.constantFrom(
        '5.7.139 ',
        '4.7.66 ',
        'SmtpClientAuthentication is disabled for the Tenant',
        'security defaults',
        'basic authentication is disabled',
        'STARTTLS is required',
        'Blocklist 1',
        'blocked using',
        'banned',
        'not authorized',
        'unable to relay',
        'federated STS',
        ' ',
        '\n',
        '\t',
        '\u0000',
      ),
      { maxLength: 30 },
    )
    .map((parts) => parts.join('')),
  fc
    .record({
      unit: fc.constantFrom(' ', '5.', '5.7.', 'a', 'blocked ', '\n5.7.1'),
      size: fc.integer({ min: 1000, max: MAX_REPLY_BYTES }),
    })
    .map(({ unit, size }) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size) + '!'),
)
const explainerCode = fc.oneof(
  fc.integer({ min: 0, max: 999 }),
  fc.constantFrom(421, 450, 451, 452, 454, 530, 535, 550, 554, 5, 5000, -1),
)
const explainerEnhanced = fc.oneof(
  fc.constant(null),
  fc.tuple(fc.constantFrom(2, 4, 5), fc.nat(999), fc.nat(999)).map(([c, s, d]) => `${c}.${s}.${d}`),
  fc.string({ maxLength: 20 }),
)

describe('reply explainer under fuzzing', () => {
  it('explains every reply, quickly, with the class its code says', () => {
    fc.assert(
      fc.property(explainerCode, explainerEnhanced, explainerText, (c, enhanced, text) => {
        const started = performance.now()
        const any = explainAnyReply(c, enhanced, text)
        const known = explainReply(c, enhanced, text)
        const found = enhancedCodeOf(text)
        // A reply is at most MAX_REPLY_BYTES: its explanation must not take a noticeable time.
        expect(performance.now() - started).toBeLessThan(250)
        expect(any.gate).toMatch(/^[a-z0-9-]+$/)
        expect(any.gateTitle.length).toBeGreaterThan(0)
        expect(any.meaning.length).toBeGreaterThan(0)
        expect(any.fix.length).toBeGreaterThan(0)
        expect(any.source).toMatch(/^https:\/\//)
        expect(any.temporary).toBe(c >= 400 && c < 500)
        if (known) expect(any).toEqual(known)
        if (found !== null) {
          expect(found).toMatch(/^[245]\.\d{1,3}\.\d{1,3}$/)
          expect(text.trimStart().startsWith(found)).toBe(true)
        }
      }),
      params(400),
    )
  })

  it('explains whatever the parser makes of a random stream', () => {
    fc.assert(
      fc.property(anyStream, (stream) => {
        for (const r of feed([stream]).replies) {
          const e = explainAnyReply(r.code, enhancedCode(r), r.lines.join('\n'))
          expect(e.meaning.length).toBeGreaterThan(0)
        }
      }),
      params(200),
    )
  })
})
