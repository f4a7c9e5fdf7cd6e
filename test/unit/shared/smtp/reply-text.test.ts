/**
 * The one reader of SMTP reply text: server lines (strict), quoted lines (separator optional), a
 * reply given as text, and the RFC 3463 enhanced code — including the garbage each must refuse.
 */
import { describe, expect, it } from 'vitest'

import {
  enhancedCodeOf,
  isEnhancedCode,
  parseQuotedReplyLine,
  parseReplyLine,
  parseReplyText,
  strictEnhancedCodeOf,
  withoutEnhancedCode,
} from '../../../../shared/smtp/reply-text'

describe('parseReplyLine (a line as a server sends it)', () => {
  it('reads the code, whether the reply goes on, and the text', () => {
    expect(parseReplyLine('250-PIPELINING')).toEqual({
      code: 250,
      continues: true,
      text: 'PIPELINING',
    })
    expect(parseReplyLine('250 2.0.0 OK')).toEqual({
      code: 250,
      continues: false,
      text: '2.0.0 OK',
    })
    expect(parseReplyLine('250')).toEqual({ code: 250, continues: false, text: '' })
    expect(parseReplyLine('250 ')).toEqual({ code: 250, continues: false, text: '' })
    expect(parseReplyLine('250-')).toEqual({ code: 250, continues: true, text: '' })
  })

  it('keeps line separators inside the text (U+2028, U+2029, a lone CR)', () => {
    expect(parseReplyLine('550 a\u2028b\u2029c\rd')?.text).toBe('a\u2028b\u2029c\rd')
  })

  it('refuses what is not a reply line', () => {
    for (const garbage of [
      '',
      '25',
      '25 OK',
      '250OK',
      '2500',
      '250\tOK',
      ' 250 OK',
      'OK 250',
      'abc def',
      '\u0662\u0665\u0660 OK', // Arabic-Indic digits are not a code
    ]) {
      expect(parseReplyLine(garbage), garbage).toBeNull()
    }
  })
})

describe('parseQuotedReplyLine (a line quoted by a transcript or a mail library)', () => {
  it('reads what parseReplyLine reads, the same way', () => {
    for (const line of ['250-PIPELINING', '250 2.0.0 OK', '250', '550 a\u2028b']) {
      expect(parseQuotedReplyLine(line), line).toEqual(parseReplyLine(line))
    }
  })

  it('takes a code without its separator', () => {
    expect(parseQuotedReplyLine('250OK')).toEqual({ code: 250, continues: false, text: 'OK' })
    expect(parseQuotedReplyLine('2500')).toEqual({ code: 250, continues: false, text: '0' })
    expect(parseQuotedReplyLine('250\tOK')).toEqual({ code: 250, continues: false, text: '\tOK' })
  })

  it('refuses a line that does not start with three digits', () => {
    for (const garbage of ['', '25', ' 250 OK', 'x250 OK', 'Hello']) {
      expect(parseQuotedReplyLine(garbage), garbage).toBeNull()
    }
  })
})

describe('parseReplyText (one reply given as text)', () => {
  it('reads a multi-line reply: first code, enhanced code, lines without their prefixes', () => {
    expect(parseReplyText('550-5.7.1 first\r\n550 5.7.1 second')).toEqual({
      code: 550,
      enhanced: '5.7.1',
      text: '5.7.1 first\n5.7.1 second',
    })
  })

  it('drops blank lines, keeps a line without a code whole, and takes the first line’s code', () => {
    expect(parseReplyText('\r\n421-4.7.0 busy\n   \ncontinued here\n450 later\n')).toEqual({
      code: 421,
      enhanced: '4.7.0',
      text: '4.7.0 busy\ncontinued here\nlater',
    })
    expect(parseReplyText('535OK')).toEqual({ code: 535, enhanced: null, text: 'OK' })
  })

  it('has no enhanced code when the text does not start with one', () => {
    expect(parseReplyText('535 Authentication failed')).toEqual({
      code: 535,
      enhanced: null,
      text: 'Authentication failed',
    })
    expect(parseReplyText('250')).toEqual({ code: 250, enhanced: null, text: '' })
  })

  it('does not check the enhanced class against the reply code', () => {
    expect(parseReplyText('550 2.0.0 odd but kept')?.enhanced).toBe('2.0.0')
  })

  it('is null when the first line has no code', () => {
    for (const garbage of ['', '\r\n\r\n', 'Connection reset', ' 550 5.7.1 x', 'ab1 x']) {
      expect(parseReplyText(garbage), garbage).toBeNull()
    }
  })

  it('reads a code below 200 too (the caller decides what that means)', () => {
    expect(parseReplyText('000 nothing')).toEqual({ code: 0, enhanced: null, text: 'nothing' })
  })
})

describe('enhancedCodeOf (the code a reply text starts with, blanks allowed)', () => {
  it('finds the code at the start, after blanks and line breaks', () => {
    expect(enhancedCodeOf('5.7.139 Authentication unsuccessful')).toBe('5.7.139')
    expect(enhancedCodeOf('4.7.66 TLS 1.0')).toBe('4.7.66')
    expect(enhancedCodeOf('  5.2.2 mailbox full')).toBe('5.2.2')
    expect(enhancedCodeOf('\n5.7.1 second line')).toBe('5.7.1')
    expect(enhancedCodeOf('2.0.0')).toBe('2.0.0')
    expect(enhancedCodeOf('5.7.1.2 more dots')).toBe('5.7.1')
    expect(enhancedCodeOf('5.7.1: colon')).toBe('5.7.1')
  })

  it('finds nothing in garbage', () => {
    for (const garbage of [
      '',
      'Hello',
      'Authentication failed 5.7.139',
      '3.1.1 class 3 does not exist',
      '6.0.0 nor does 6',
      '5.7.1234 four digits',
      '5.7.1x glued',
      '5.7 two parts',
      '5..1 empty subject',
      'x5.7.1',
    ]) {
      expect(enhancedCodeOf(garbage), garbage).toBeNull()
    }
  })
})

describe('strictEnhancedCodeOf (at the very first character)', () => {
  it('finds the code where RFC 2034 puts it, and nowhere else', () => {
    expect(strictEnhancedCodeOf('5.7.139 Authentication unsuccessful')).toBe('5.7.139')
    expect(strictEnhancedCodeOf(' 5.7.139 one blank too many')).toBeNull()
    expect(strictEnhancedCodeOf('Hello 5.7.1')).toBeNull()
    expect(strictEnhancedCodeOf('5.7.1234')).toBeNull()
  })
})

describe('isEnhancedCode and withoutEnhancedCode', () => {
  it('takes a whole enhanced code only', () => {
    expect(isEnhancedCode('4.7.66')).toBe(true)
    expect(isEnhancedCode('5.999.999')).toBe(true)
    for (const garbage of ['', '4.7.66 ', ' 4.7.66', '3.1.1', '5.7.1234', '5.7', 'abc']) {
      expect(isEnhancedCode(garbage), garbage).toBe(false)
    }
  })

  it('strips the leading code and the blanks around it', () => {
    expect(withoutEnhancedCode('5.7.139 Authentication unsuccessful')).toBe(
      'Authentication unsuccessful',
    )
    expect(withoutEnhancedCode('  4.7.66   TLS 1.0')).toBe('TLS 1.0')
    expect(withoutEnhancedCode('Hello 5.7.1')).toBe('Hello 5.7.1')
    // No word boundary: a code glued to more digits loses its first three.
    expect(withoutEnhancedCode('5.7.1234 x')).toBe('4 x')
  })
})
