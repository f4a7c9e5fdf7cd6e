/**
 * Hostile inputs for property-based tests (fast-check): what a compromised renderer or a broken
 * peer could send — wrong types, empty, huge and odd strings, non-finite and out-of-range
 * numbers, deep and cyclic nesting, prototype-pollution keys — and "almost valid" variants of a
 * known-good payload (a few fields replaced, removed or added; or every leaf re-drawn with its
 * own type). Everything generated survives the structured clone Electron IPC uses, so it is what
 * main could really receive.
 *
 * Seeds are fixed per file (FUZZ_SEED overrides); FUZZ_RUNS multiplies every run count for a
 * longer local session. fast-check prints the seed and the path of a failure for replaying it.
 */
import fc from 'fast-check'

/** fast-check parameters: a fixed seed unless FUZZ_SEED is set, run counts scaled by FUZZ_RUNS. */
export function fuzzParams(numRuns: number, seed: number): fc.Parameters<unknown> {
  const scale = Number(process.env['FUZZ_RUNS'] ?? '1')
  const fromEnv = process.env['FUZZ_SEED']
  return {
    numRuns: Math.max(1, Math.round(numRuns * (Number.isFinite(scale) && scale > 0 ? scale : 1))),
    seed: fromEnv !== undefined && fromEnv !== '' ? Number(fromEnv) : seed,
    // A failure prints enough to replay it (seed, path) without the whole shrink log.
    verbose: fc.VerbosityLevel.None,
  }
}

/** Keys that pollute prototypes when code copies or merges objects key by key. */
export const POLLUTION_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'valueOf',
  'hasOwnProperty',
  '__defineGetter__',
] as const

const HUGE = 200_000

/** Strings that broke parsers somewhere: empty, control and bidi characters, injections, huge. */
export const HOSTILE_STRINGS: readonly string[] = [
  '',
  ' ',
  '\t',
  '\u0000',
  'null',
  'undefined',
  'NaN',
  '[object Object]',
  '{}',
  '__proto__',
  'constructor',
  '../../../../etc/passwd',
  'C:\\Windows\\System32\\drivers\\etc\\hosts',
  'file:///etc/passwd',
  'javascript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '"; DROP TABLE jobs; --',
  '%00%0d%0a',
  '${process.exit(1)}',
  'line\r\nRCPT TO:<attacker@evil.invalid>',
  'a\u2028b\u2029c',
  '\u202eevil\u202c',
  'zero\u200bwidth',
  '\ufeffbom',
  '\ud800',
  '\udfff lone',
  '\u{1f4a5}'.repeat(40),
  'İıß\ufb00ǅ',
  'a'.repeat(HUGE),
  '-'.repeat(HUGE),
  '.'.repeat(HUGE),
  '1.'.repeat(HUGE / 2),
  'a.'.repeat(HUGE / 2),
  '@'.repeat(HUGE),
  ' '.repeat(HUGE) + 'x',
  '\u0000'.repeat(HUGE),
  '9'.repeat(400),
  'x'.repeat(1 << 20),
]

/** Host-like strings: loopback spellings, hosts that must never be reached, malformed names. */
export const HOSTILE_HOSTS: readonly string[] = [
  '127.0.0.1',
  'localhost',
  '::1',
  '[::1]',
  'LOCALHOST',
  'localhost.',
  '0.0.0.0',
  '0',
  '127.1',
  '2130706433',
  '0x7f000001',
  '::ffff:127.0.0.1',
  'printer.invalid',
  'smtp.office365.com',
  '169.254.169.254',
  '10.0.0.1',
  '8.8.8.8',
  '2001:4860:4860::8888',
  'fe80::1%eth0',
  '.',
  '..',
  'a..b',
  '-a.invalid',
  'a_b.invalid',
  'xn--.invalid',
  'exa mple.invalid',
  'host.invalid:25',
  'user@host.invalid',
  'http://host.invalid/',
  `${'a'.repeat(64)}.invalid`,
  `${'a'.repeat(63)}.`.repeat(5),
  'ｌｏｃａｌｈｏｓｔ',
  'ex\u200bample.invalid',
  'ex\u0000ample.invalid',
  'localhost\r\n',
  ' 127.0.0.1 ',
]

export const HOSTILE_NUMBERS: readonly number[] = [
  NaN,
  Infinity,
  -Infinity,
  -0,
  0,
  -1,
  0.5,
  587.5,
  1,
  99,
  100,
  65535,
  65536,
  2 ** 31,
  2 ** 53,
  -(2 ** 53),
  Number.MAX_VALUE,
  Number.MIN_VALUE,
  Number.EPSILON,
]

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
)

export const hostileHost: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_HOSTS) },
  { weight: 1, arbitrary: fc.domain() },
  { weight: 1, arbitrary: fc.ipV4() },
  { weight: 1, arbitrary: fc.ipV6() },
  { weight: 1, arbitrary: hostileString },
)

export const hostileNumber: fc.Arbitrary<number | bigint> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_NUMBERS) },
  { weight: 2, arbitrary: fc.integer({ min: -100_000, max: 200_000 }) },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }) },
)

export const hostileKey: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 2, arbitrary: fc.constantFrom(...POLLUTION_KEYS) },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', '\u0000', 'a'.repeat(100_000), '\r\n') },
)

/** An object whose own key is `key` (JSON.parse makes `__proto__` an own key, as IPC does). */
export function withOwnKey(key: string, value: unknown, base: object = {}): object {
  const o: Record<string, unknown> = { ...base }
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true })
  return o
}

function nested(depth: number, kind: 'object' | 'array'): unknown {
  let v: unknown = 'bottom'
  for (let i = 0; i < depth; i++) v = kind === 'object' ? { a: v } : [v]
  return v
}

/** Values beyond what fc.anything makes: pollution objects, deep, cyclic, huge and sparse. */
const exoticValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...POLLUTION_KEYS).map((k) => withOwnKey(k, { polluted: 'yes' })),
  fc
    .constant(null)
    .map(() =>
      JSON.parse(
        '{"__proto__": {"polluted": "yes"}, "constructor": {"prototype": {"polluted": "yes"}}}',
      ),
    ),
  fc
    .record({
      depth: fc.integer({ min: 50, max: 20_000 }),
      kind: fc.constantFrom<'object' | 'array'>('object', 'array'),
    })
    .map(({ depth, kind }) => nested(depth, kind)),
  fc.constant(null).map(() => {
    const o: Record<string, unknown> = { name: 'cycle' }
    o['self'] = o
    return o
  }),
  fc.constant(null).map(() => {
    const a: unknown[] = ['cycle']
    a.push(a)
    return a
  }),
  fc.oneof(fc.integer({ min: 1, max: 2 ** 32 - 1 }), fc.constant(268_435_440)).map((n) => {
    // Sparse: a few bytes over IPC, a huge length on arrival. JSON.stringify of the second one
    // aborts Node 20's V8 outright (a crash, not an exception).
    const a: unknown[] = []
    a.length = n
    return a
  }),
  fc.constant(null).map(() => new Array(100_000).fill('x')),
  fc.constant(null).map(() => Object.create(null) as object),
  fc.constantFrom(new Date(NaN), new Date(8.64e15), /a+$/, new Map([['k', 'v']]), new Set([1])),
  fc.constantFrom(new Uint8Array(70_000), new ArrayBuffer(8), Buffer.from('hi')),
)

/** Any value main could receive: plain, structured, exotic. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.anything({
      maxDepth: 3,
      maxKeys: 6,
      key: hostileKey,
      values: [
        hostileString,
        hostileNumber,
        fc.boolean(),
        fc.constant(null),
        fc.constant(undefined),
      ],
      withBigInt: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withTypedArray: true,
      withSparseArray: true,
      withNullPrototype: true,
      withBoxedValues: true,
    }),
  },
  { weight: 1, arbitrary: exoticValue },
  { weight: 1, arbitrary: hostileString },
  { weight: 1, arbitrary: hostileNumber },
)

/** One change to a payload; indexes are taken modulo what exists, so shrinking stays meaningful. */
export interface Mutation {
  path: number
  /**
   * `tweak` keeps the type and usually the validity (whitespace, case, one more character, a
   * neighbouring number); the others bring hostile values, wrong types and unknown keys.
   */
  op: 'tweak' | 'replace' | 'retype' | 'delete' | 'add-key' | 'wrap'
  variant: number
  extra: string
  string: string
  host: string
  number: number | bigint
  value: unknown
  key: string
}

const mutationOf = (ops: ReadonlyArray<Mutation['op']>): fc.Arbitrary<Mutation> =>
  fc.record({
    path: fc.nat(),
    op: fc.constantFrom(...ops),
    variant: fc.nat(),
    extra: fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom('a', 'Z', '0', '9', '-', '.', '_', '@') },
      { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 3 }) },
    ),
    string: hostileString,
    host: hostileHost,
    number: hostileNumber,
    value: hostileValue,
    key: hostileKey,
  })

export const mutation = mutationOf(['replace', 'replace', 'retype', 'delete', 'add-key', 'wrap'])
export const tweak = mutationOf(['tweak'])

type Path = Array<string | number>

/**
 * Paths inside a value, the root (`[]`) first: at most MAX_PATH_DEPTH deep and MAX_PATHS in all,
 * so a value a previous mutation made deep or cyclic is changed near its top only.
 */
const MAX_PATH_DEPTH = 8
const MAX_PATHS = 500
function paths(root: unknown): Path[] {
  const out: Path[] = []
  const todo: Array<{ v: unknown; at: Path }> = [{ v: root, at: [] }]
  while (todo.length > 0 && out.length < MAX_PATHS) {
    const { v, at } = todo.shift()!
    out.push(at)
    if (at.length >= MAX_PATH_DEPTH || v === null || typeof v !== 'object') continue
    if (Array.isArray(v)) v.slice(0, 50).forEach((x, i) => todo.push({ v: x, at: [...at, i] }))
    else if (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null)
      for (const k of Object.keys(v).slice(0, 50))
        todo.push({ v: (v as Record<string, unknown>)[k], at: [...at, k] })
  }
  return out
}

/** Keys whose strings name a host, an address or a URL: these get host-like values. */
const HOSTISH = /host|address|server|url|domain|ehlo|source|to$|sendTo|blocklists/i

function replacement(old: unknown, key: string | number | undefined, m: Mutation): unknown {
  if (typeof old === 'string')
    return typeof key === 'string' && HOSTISH.test(key) ? m.host : m.string
  if (typeof old === 'number') return m.number
  return m.value
}

function tweaked(old: unknown, m: Mutation): unknown {
  const v = m.variant
  if (typeof old === 'string') {
    const s = old
    return [
      ` ${s} `,
      s.toUpperCase(),
      s.toLowerCase(),
      s + m.extra,
      s.slice(0, -1) + m.extra,
      m.extra + s,
      s.slice(0, Math.ceil(s.length / 2)),
      s.repeat(2),
      `${s}\u00e9`,
      '',
    ][v % 10]
  }
  if (typeof old === 'number') return [old + 1, old - 1, 0, 1, old * 2, 100, 65535, 120_000][v % 8]
  if (typeof old === 'boolean') return !old
  if (Array.isArray(old)) {
    // A sparse array can claim 2^32-1 items: copying it would exhaust the test's own memory.
    if (old.length > 10_000) return old
    const i = old.length > 0 ? v % old.length : 0
    return v % 2 === 0 ? [...old.slice(0, i), ...old.slice(i + 1)] : [...old, old[i]]
  }
  if (old !== null && typeof old === 'object') {
    const keys = Object.keys(old)
    const drop = keys[v % Math.max(1, keys.length)]
    return Object.fromEntries(Object.entries(old).filter(([k]) => k !== drop))
  }
  return old
}

function retyped(old: unknown, m: Mutation): unknown {
  // A value of another JSON type than the one expected.
  if (typeof old === 'string') return m.number
  if (typeof old === 'number' || typeof old === 'boolean') return m.string
  if (Array.isArray(old)) return withOwnKey(m.key, m.value)
  if (old === null) return m.string
  return [m.value]
}

/** The seed with the mutations applied, on a copy (JSON-like seeds only). */
export function applyMutations(seed: unknown, mutations: readonly Mutation[]): unknown {
  let root: unknown = structuredClone(seed)
  for (const m of mutations) {
    let all = paths(root)
    if (m.op === 'tweak') {
      // A tweak changes a value in place: a leaf, not the object around it (unless there is none).
      const leaves = all.filter((p) => {
        const v = p.reduce<unknown>((o, k) => (o as Record<string | number, unknown>)[k], root)
        return v === null || typeof v !== 'object'
      })
      if (leaves.length > 0) all = leaves
    }
    const path = all[m.path % all.length]!
    const parent = path
      .slice(0, -1)
      .reduce<unknown>((o, k) => (o as Record<string | number, unknown>)[k], root) as
      Record<string | number, unknown> | unknown[] | undefined
    const key = path.at(-1)
    const old = key === undefined ? root : (parent as Record<string | number, unknown>)[key]
    let next: unknown
    switch (m.op) {
      case 'tweak':
        next = tweaked(old, m)
        break
      case 'replace':
        next = replacement(old, key, m)
        break
      case 'retype':
        next = retyped(old, m)
        break
      case 'wrap':
        next = [old]
        break
      case 'add-key':
        next =
          old !== null && typeof old === 'object' && !Array.isArray(old)
            ? withOwnKey(m.key, m.value, old)
            : withOwnKey(m.key, m.value)
        break
      case 'delete':
        if (key === undefined) next = undefined
        else if (Array.isArray(parent)) {
          // Not on a huge sparse array: splice would walk all of its claimed length.
          if (parent.length <= 10_000) parent.splice(Number(key), 1)
          continue
        } else {
          delete (parent as Record<string, unknown>)[key]
          continue
        }
        break
    }
    if (key === undefined) root = next
    else (parent as Record<string | number, unknown>)[key] = next
  }
  return root
}

/**
 * Every leaf of the seed re-drawn with its own type (strings stay strings, numbers numbers):
 * the payload keeps its shape, its values are anything.
 */
export function reshaped(seed: unknown): fc.Arbitrary<unknown> {
  const walk = (v: unknown, key: string | undefined): fc.Arbitrary<unknown> => {
    if (typeof v === 'string')
      return key && HOSTISH.test(key)
        ? fc.oneof(fc.constant(v), hostileHost)
        : fc.oneof(fc.constant(v), hostileString)
    if (typeof v === 'number')
      return fc.oneof(fc.constant(v), fc.integer({ min: -70_000, max: 200_000 }), hostileNumber)
    if (typeof v === 'boolean') return fc.boolean()
    if (Array.isArray(v)) return fc.tuple(...v.map((x) => walk(x, key)))
    if (v !== null && typeof v === 'object') {
      const shape: Record<string, fc.Arbitrary<unknown>> = {}
      for (const [k, x] of Object.entries(v)) shape[k] = walk(x, k)
      return fc.record(shape)
    }
    return fc.constant(v)
  }
  return walk(seed, undefined)
}

/**
 * A known-good payload changed a little: one or two tweaks (often still valid, so the handler
 * runs on odd values), or hostile mutations mixed in, or every leaf re-drawn, or the seed itself.
 */
export function almostValid(seeds: readonly unknown[]): fc.Arbitrary<unknown> {
  if (seeds.length === 0) throw new Error('almostValid needs at least one valid seed payload')
  const changed = (m: fc.Arbitrary<Mutation>) =>
    fc
      .tuple(fc.constantFrom(...seeds), fc.array(m, { minLength: 1, maxLength: 2 }))
      .map(([seed, ms]) => applyMutations(seed, ms))
  return fc.oneof(
    { weight: 4, arbitrary: changed(tweak) },
    { weight: 3, arbitrary: changed(fc.oneof(mutation, tweak)) },
    { weight: 1, arbitrary: fc.oneof(...seeds.map((s) => reshaped(s))) },
    { weight: 1, arbitrary: fc.constantFrom(...seeds) },
  )
}
