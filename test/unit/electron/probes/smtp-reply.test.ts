import { describe, expect, it } from 'vitest'

import {
  echoedClientIp,
  MAX_LINE_BYTES,
  MAX_REPLY_LINES,
  parseEhlo,
  ReplyParser,
  replyLines,
  summarizeReply,
} from '../../../../electron/probes/smtp-reply'

const EHLO =
  '250-AM0PR01CA0123.outlook.office365.com Hello [203.0.113.7]\r\n250-SIZE 157286400\r\n250-AUTH LOGIN XOAUTH2\r\n250 SMTPUTF8\r\n'

describe('ReplyParser', () => {
  it('assembles a multi-line reply fed one byte at a time', () => {
    const p = new ReplyParser()
    const got = []
    for (const b of Buffer.from(EHLO)) {
      const { replies, error } = p.push(Buffer.from([b]))
      expect(error).toBeNull()
      got.push(...replies)
    }
    expect(got).toHaveLength(1)
    expect(got[0]?.code).toBe(250)
    expect(got[0]?.lines).toEqual([
      'AM0PR01CA0123.outlook.office365.com Hello [203.0.113.7]',
      'SIZE 157286400',
      'AUTH LOGIN XOAUTH2',
      'SMTPUTF8',
    ])
    expect(got[0]?.bytes).toBe(Buffer.byteLength(EHLO))
    expect(p.bufferedBytes()).toBe(0)
  })

  it('returns several replies from one chunk and keeps the unfinished tail', () => {
    const p = new ReplyParser()
    const { replies } = p.push(Buffer.from('220 ready\r\n250-a\r\n250 b\r\n354 go'))
    expect(replies.map((r) => r.code)).toEqual([220, 250])
    expect(p.bufferedBytes()).toBe(6)
    const next = p.push(Buffer.from(' ahead\n'))
    expect(next.replies[0]).toMatchObject({ code: 354, lines: ['go ahead'] })
  })

  it('accepts a bare code line and bare LF line ends', () => {
    const p = new ReplyParser()
    const { replies } = p.push(Buffer.from('250\n'))
    expect(replies[0]).toMatchObject({ code: 250, lines: [''] })
  })

  it('quotes a line that is not an SMTP reply as sent (é stays é), cut by code points', () => {
    const { error } = new ReplyParser().push(
      Buffer.from(`Réponse invalide ${'😀'.repeat(200)}\r\n`),
    )
    expect(error?.message).toContain('"Réponse invalide 😀')
    const quoted = /"(.*)"/s.exec(error?.message ?? '')?.[1] ?? ''
    expect(quoted.endsWith('…')).toBe(true)
    expect(Array.from(quoted)).toHaveLength(121)
    expect(quoted).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/)
  })

  it('quotes a hostile line with its controls and bidi characters shown, not obeyed', () => {
    const { error } = new ReplyParser().push(Buffer.from('\u001b]0;pwned\u0007 \u202egnp.exe\r\n'))
    expect(error?.message).toContain('"\\x1b]0;pwned\\x07 \\u202egnp.exe"')
  })

  it('reports a line that is not an SMTP reply', () => {
    const { error } = new ReplyParser().push(Buffer.from('HTTP/1.1 400 Bad Request\r\n'))
    expect(error?.kind).toBe('protocol')
    expect(error?.message).toContain('HTTP/1.1 400')
  })

  it('reports a multi-line reply that changes its code', () => {
    const { error } = new ReplyParser().push(Buffer.from('250-a\r\n251 b\r\n'))
    expect(error?.kind).toBe('protocol')
  })

  it('stops an endless line at the cap, whether it arrives whole or in pieces', () => {
    const whole = new ReplyParser().push(Buffer.alloc(MAX_LINE_BYTES + 10, 0x41))
    expect(whole.error?.kind).toBe('line-too-long')
    const p = new ReplyParser()
    let kind: string | undefined
    for (let i = 0; i < 10 && !kind; i++) kind = p.push(Buffer.alloc(512, 0x41)).error?.kind
    expect(kind).toBe('line-too-long')
  })

  it('stops a reply with too many lines', () => {
    const { error } = new ReplyParser().push(Buffer.from('250-x\r\n'.repeat(300)))
    expect(error?.kind).toBe('reply-too-large')
  })

  // Found by smtp-reply-fuzz.test.ts: after an error the parser kept buffering what followed.
  it('holds nothing after an error and keeps reporting it until reset', () => {
    const p = new ReplyParser()
    const first = p.push(Buffer.from('250-x\r\n'.repeat(MAX_REPLY_LINES + 1)))
    expect(first.error?.kind).toBe('reply-too-large')
    for (let i = 0; i < 5; i++) {
      const later = p.push(Buffer.from(`250-${'y'.repeat(60_000)}\r\n`))
      expect(later).toEqual({ replies: [], error: first.error })
      expect(p.bufferedBytes()).toBe(0)
    }
    const endless = new ReplyParser()
    expect(endless.push(Buffer.alloc(70_000, 0x41)).error?.kind).toBe('line-too-long')
    expect(endless.bufferedBytes()).toBe(0)
    p.reset()
    expect(p.push(Buffer.from('220 ready\r\n'))).toMatchObject({
      error: null,
      replies: [{ code: 220 }],
    })
  })

  // Found by smtp-reply-fuzz.test.ts: `.` in the line pattern stopped at U+2028/U+2029.
  it('accepts any UTF-8 in the reply text, line and paragraph separators included', () => {
    const { replies, error } = new ReplyParser().push(
      Buffer.from('250-first \u2028 line\r\n250 second \u2029 line\r\n'),
    )
    expect(error).toBeNull()
    expect(replies[0]?.lines).toEqual(['first \u2028 line', 'second \u2029 line'])
  })

  it('summarizes the enhanced status code and rebuilds the wire lines', () => {
    const { replies } = new ReplyParser().push(
      Buffer.from('421 4.7.66 TLS 1.0 and 1.1 are not supported.\r\n'),
    )
    const r = replies[0]!
    expect(summarizeReply(r)).toEqual({
      code: 421,
      enhanced: '4.7.66',
      text: '4.7.66 TLS 1.0 and 1.1 are not supported.',
    })
    expect(replyLines(r)).toEqual(['421 4.7.66 TLS 1.0 and 1.1 are not supported.'])
  })
})

describe('parseEhlo', () => {
  it('upper-cases keywords, keeps parameters and reads the old AUTH= form', () => {
    const { replies } = new ReplyParser().push(
      Buffer.from(
        '250-mx Hello [192.0.2.1]\r\n250-size 1000\r\n250-AUTH=LOGIN plain\r\n250 STARTTLS\r\n',
      ),
    )
    const e = parseEhlo(replies[0]!)
    expect(e.greeting).toBe('mx Hello [192.0.2.1]')
    expect(e.capabilities).toEqual({ SIZE: ['1000'], AUTH: ['LOGIN', 'PLAIN'], STARTTLS: [] })
  })
})

describe('echoedClientIp', () => {
  it('reads the IPv4 and IPv6 address Exchange Online echoes', () => {
    expect(echoedClientIp('host.outlook.office365.com Hello [203.0.113.7]')).toBe('203.0.113.7')
    expect(echoedClientIp('host Hello [IPv6:2001:db8::5]')).toBe('2001:db8::5')
    expect(echoedClientIp('host Hello [2001:db8::5]')).toBe('2001:db8::5')
  })
  it('ignores brackets that hold no address', () => {
    expect(echoedClientIp('host Hello [not.an.ip]')).toBeNull()
    expect(echoedClientIp('host Nice to meet you')).toBeNull()
  })
})
