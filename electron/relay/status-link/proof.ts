/**
 * The status link's proofs: a key derived from the pairing code, and HMACs over the TLS session's
 * exported keying material, so each side shows it knows the code without the code (or anything
 * replayable) crossing the wire, and a man in the middle (two TLS sessions) fails the check.
 */
import { createHmac, randomInt, timingSafeEqual, type BinaryLike } from 'node:crypto'
import type { TLSSocket } from 'node:tls'

import { RELAY_CODE_ALPHABET, RELAY_CODE_CHARS } from '../../../shared/relay-link'

/** The RFC 5705 / RFC 8446 exporter label both ends use. */
export const EKM_LABEL = 'EXPORTER-scanpath-relay-status'
export const EKM_BYTES = 32
/** The first word of the relay's greeting line, then the protocol version. */
export const GREETING_WORD = 'SCANPATH-RELAY-STATUS'
export const PROTOCOL_VERSION = 1
/** In place of the proof: the relay has no code yet (`scanpath relay pair` not run). */
export const NOT_PAIRED = 'NOT-PAIRED'
export const WATCH = 'WATCH'
export const ERR_WRONG_CODE = 'ERR wrong-code'

const SALT = Buffer.from('scanpath-relay-status-link/v1', 'utf8')
const INFO = Buffer.from('status link proof key', 'utf8')
const PROOF_BYTES = 32

/** The TLS session's exported keying material: the same on both ends of one TLS session only. */
export function sessionBinding(socket: TLSSocket): Buffer {
  return socket.exportKeyingMaterial(EKM_BYTES, EKM_LABEL, Buffer.from('scanpath', 'ascii'))
}

/** The HMAC key for a normalised code (as `normalizeRelayCode` returns it). */
export function linkKey(code: string): Buffer {
  // HKDF-SHA256 (RFC 5869) for one 32-byte block: extract, then expand with counter 1.
  const prk = createHmac('sha256', SALT).update(Buffer.from(code, 'utf8')).digest()
  return createHmac('sha256', prk)
    .update(Buffer.concat([INFO, Buffer.from([1])]))
    .digest()
}

export type ProofRole = 'server' | 'client'

/** HMAC-SHA256(key, role || ekm), base64. */
export function proof(key: BinaryLike, role: ProofRole, ekm: Buffer): string {
  return createHmac('sha256', key).update(Buffer.from(role, 'ascii')).update(ekm).digest('base64')
}

/** Compares a received proof with the expected one in constant time; false for any malformed text. */
export function proofMatches(key: BinaryLike, role: ProofRole, ekm: Buffer, got: string): boolean {
  if (!/^[A-Za-z0-9+/]{43}=$/.test(got)) return false
  const received = Buffer.from(got, 'base64')
  const expected = Buffer.from(proof(key, role, ekm), 'base64')
  return received.length === PROOF_BYTES && timingSafeEqual(received, expected)
}

/** A new random pairing code: 20 characters of the code alphabet, 5 bits each (100 bits). */
export function newPairingCode(): string {
  let code = ''
  for (let i = 0; i < RELAY_CODE_CHARS; i++) code += RELAY_CODE_ALPHABET[randomInt(32)] ?? ''
  return code
}
