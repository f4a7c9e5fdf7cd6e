/**
 * The status link's key derivation and proofs: a known vector, the roles and the session binding
 * keep proofs apart, malformed or wrong proofs are refused, and new codes are 100 random bits.
 */
import { createHmac, hkdfSync } from 'node:crypto'

import { describe, expect, it } from 'vitest'

import {
  linkKey,
  newPairingCode,
  proof,
  proofMatches,
} from '../../../../../electron/relay/status-link/proof'
import { formatRelayCode, normalizeRelayCode } from '../../../../../shared/relay-link'

const CODE = '7KQ4M2XD9T3PHWRB5N8E'
const EKM = Buffer.alloc(32, 7)

describe('status link proofs', () => {
  it('derives the key with HKDF-SHA256 over the normalised code, salt and info fixed', () => {
    const expected = Buffer.from(
      hkdfSync(
        'sha256',
        Buffer.from(CODE),
        Buffer.from('scanpath-relay-status-link/v1'),
        Buffer.from('status link proof key'),
        32,
      ),
    )
    expect(linkKey(CODE).equals(expected)).toBe(true)
    expect(linkKey(CODE)).toHaveLength(32)
    expect(linkKey('7KQ4M2XD9T3PHWRB5N8F').equals(linkKey(CODE))).toBe(false)
  })

  it('a proof is HMAC-SHA256(key, role || ekm) in base64', () => {
    const key = linkKey(CODE)
    const expected = createHmac('sha256', key)
      .update(Buffer.concat([Buffer.from('server'), EKM]))
      .digest('base64')
    expect(proof(key, 'server', EKM)).toBe(expected)
    expect(proofMatches(key, 'server', EKM, expected)).toBe(true)
  })

  it('refuses the other role’s proof, another session’s, another code’s, and junk', () => {
    const key = linkKey(CODE)
    const server = proof(key, 'server', EKM)
    expect(proofMatches(key, 'client', EKM, server)).toBe(false)
    expect(proofMatches(key, 'server', Buffer.alloc(32, 8), server)).toBe(false)
    expect(proofMatches(linkKey('0000000000000000000A'), 'server', EKM, server)).toBe(false)
    for (const junk of [
      '',
      'NOT-PAIRED',
      server.slice(0, -2),
      `${server}A`,
      server.replace('=', ''),
    ])
      expect(proofMatches(key, 'server', EKM, junk)).toBe(false)
  })

  it('makes codes of 20 characters from the alphabet, different each time', () => {
    const codes = new Set(Array.from({ length: 200 }, () => newPairingCode()))
    expect(codes.size).toBe(200)
    for (const c of codes) {
      expect(normalizeRelayCode(c)).toEqual({ code: c })
      expect(formatRelayCode(c)).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){4}$/)
    }
    // Every character of the alphabet turns up (5 bits each, uniform).
    expect(new Set([...codes].join('')).size).toBe(32)
  })
})
