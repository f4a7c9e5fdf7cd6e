import { describe, expect, it } from 'vitest'

import { redactCommand, Transcript } from '../../../../electron/probes/transcript'

describe('transcript redaction', () => {
  it('keeps the AUTH mechanism and drops the credential', () => {
    expect(redactCommand('AUTH PLAIN AHVzZXIAc2VjcmV0')).toBe('AUTH PLAIN [redacted]')
    expect(redactCommand('auth xoauth2 dXNlcj1hQGIuYwFhdXRoPUJlYXJlciB5YQEB')).toBe(
      'auth xoauth2 [redacted]',
    )
    expect(redactCommand('AUTH LOGIN')).toBe('AUTH LOGIN')
    expect(redactCommand('EHLO scanpath.localdomain')).toBe('EHLO scanpath.localdomain')
  })

  it('never stores a secret, even briefly', () => {
    const t = new Transcript(() => 5)
    t.send('AUTH PLAIN AHVzZXIAc2VjcmV0', true)
    t.sendSecret(true)
    const text = JSON.stringify(t.finish())
    expect(text).not.toContain('AHVzZXIAc2VjcmV0')
    expect(t.lines.map((l) => l.text)).toEqual(['AUTH PLAIN [redacted]', '[redacted]'])
    expect(t.lines[0]).toMatchObject({ dir: 'send', tls: true, tMs: 5 })
  })

  it('caps the number of lines and says how many were dropped', () => {
    const t = new Transcript(() => 0)
    for (let i = 0; i < 1000; i++) t.recv([`250 line ${i}`], false)
    const lines = t.finish()
    expect(lines.length).toBe(401)
    expect(lines.at(-1)?.text).toBe('… 600 more lines not kept')
  })
})
