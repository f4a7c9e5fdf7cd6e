/**
 * Device passwords for the relay, kept only as scrypt hashes ("scrypt$N$r$p$salt$hash", base64)
 * and checked in constant time. `scanpath relay hash-password` prints one for the config file.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto'

const N = 2 ** 15
const R = 8
const P = 1
const KEY_LENGTH = 32
// scrypt needs 128 * N * r bytes (32 MiB here); Node's default ceiling is 32 MiB exactly.
const MAX_MEM = 64 * 1024 * 1024

export const PASSWORD_HASH_PATTERN =
  /^scrypt\$\d{1,7}\$\d{1,2}\$\d{1,2}\$[A-Za-z0-9+/=]{16,}\$[A-Za-z0-9+/=]{16,}$/

function derive(
  password: string,
  salt: Buffer,
  opts: ScryptOptions,
  length: number,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, length, { ...opts, maxmem: MAX_MEM }, (err, key) =>
      err ? reject(err) : resolve(key),
    )
  })
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16)
  const key = await derive(password, salt, { N, r: R, p: P }, KEY_LENGTH)
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}`
}

interface ParsedHash {
  opts: ScryptOptions
  salt: Buffer
  key: Buffer
}

function parseHash(hash: string): ParsedHash | null {
  if (!PASSWORD_HASH_PATTERN.test(hash)) return null
  const [, n, r, p, salt, key] = hash.split('$')
  const N2 = Number(n)
  // A power of two, and no weaker than 2^14 nor heavier than what MAX_MEM allows.
  if (N2 < 2 ** 14 || N2 > 2 ** 16 || (N2 & (N2 - 1)) !== 0) return null
  return {
    opts: { N: N2, r: Number(r), p: Number(p) },
    salt: Buffer.from(salt ?? '', 'base64'),
    key: Buffer.from(key ?? '', 'base64'),
  }
}

export function isPasswordHash(hash: string): boolean {
  return parseHash(hash) !== null
}

// Used for unknown user names, so a wrong name takes as long as a wrong password.
const DUMMY: ParsedHash = {
  opts: { N, r: R, p: P },
  salt: Buffer.alloc(16, 7),
  key: Buffer.alloc(KEY_LENGTH),
}

/** True when `password` matches `hash`; null `hash` (unknown user) always false, same cost. */
export async function verifyPassword(password: string, hash: string | null): Promise<boolean> {
  const parsed = (hash !== null ? parseHash(hash) : null) ?? DUMMY
  const key = await derive(password, parsed.salt, parsed.opts, parsed.key.length)
  return timingSafeEqual(key, parsed.key) && parsed !== DUMMY
}
