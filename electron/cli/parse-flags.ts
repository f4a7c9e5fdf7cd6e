/**
 * The one place where every `scanpath` command reads its flags, so they all behave alike:
 *
 * - a value-taking flag takes the next argument even when it starts with "-" and is a number
 *   (`--submission-port -1` gets our range message, not Node's "argument is ambiguous"); any other
 *   value starting with "-" is refused, since it is most likely the next option;
 * - a flag given twice is refused ("--port was given twice (25 and 587): give it once") unless it
 *   is meant to repeat (`multiple`);
 * - a message never repeats a value that may be a secret: unknown options are named without their
 *   `=value`, and a `secret` flag's values are never shown;
 * - a usage error is the message and one line pointing at the command's --help.
 *
 * Built on util.parseArgs in its non-strict mode (which reports everything as tokens); the strict
 * checks are made here, with our own messages.
 */
import { parseArgs } from 'node:util'

import { displayText } from '../../shared/display-text'

export interface FlagSpec {
  type: 'string' | 'boolean'
  short?: string
  /** Meant to be given several times: every value is kept, in order. */
  multiple?: boolean
  /** Its value is never repeated back in a message (an SNMP community, …). */
  secret?: boolean
}

type FlagValue<S extends FlagSpec> = S['type'] extends 'boolean'
  ? S extends { multiple: true }
    ? boolean[]
    : boolean
  : S extends { multiple: true }
    ? string[]
    : string

export type FlagValues<O extends Record<string, FlagSpec>> = {
  -readonly [K in keyof O]?: FlagValue<O[K]>
}

export type ParsedFlags<O extends Record<string, FlagSpec>> =
  { ok: true; values: FlagValues<O>; positionals: string[] } | { ok: false; message: string }

/** "-1", "-0.5", "-.5": a negative number is a value, never an option. */
const NEGATIVE_NUMBER = /^-(\d|\.\d)/

function times(n: number): string {
  return n === 2 ? 'twice' : `${n} times`
}

function list(values: string[]): string {
  return values.length <= 1
    ? (values[0] ?? '')
    : `${values.slice(0, -1).join(', ')} and ${values[values.length - 1]}`
}

function quoted(raw: string): string {
  return JSON.stringify(raw.length > 64 ? `${raw.slice(0, 64)}…` : raw)
}

/** A value in a message: as it is when it is a plain word, a name or an address; else quoted. */
export function shownValue(raw: string): string {
  return /^[\w.:@/+\-[\]]{1,64}$/.test(raw) ? raw : quoted(raw)
}

/** A value that should have been a number: as it is when it reads as one; else quoted. */
export function shownNumber(raw: string): string {
  return /^[-+]?\d{1,20}(\.\d{1,20})?$/.test(raw) ? raw : quoted(raw)
}

/**
 * Reads `args` against `options`. Positionals are returned, not judged: the command decides
 * whether it takes any, and whether it may show them (auth-test must not: it may be a password).
 */
export function parseFlags<const O extends Record<string, FlagSpec>>(
  args: readonly string[],
  options: O,
): ParsedFlags<O> {
  const config = Object.fromEntries(
    Object.entries(options).map(([name, s]) => [
      name,
      {
        type: s.type,
        ...(s.short ? { short: s.short } : {}),
        ...(s.multiple ? { multiple: true } : {}),
      },
    ]),
  )
  const { tokens } = parseArgs({
    args: [...args],
    options: config,
    strict: false,
    allowPositionals: true,
    tokens: true,
  })
  const seen = new Map<string, { count: number; values: string[] }>()
  const values: Record<string, unknown> = {}
  const positionals: string[] = []
  // The first mistake, in the order given; a repeat is described once every value is known.
  let error: string | { repeated: string } | null = null
  let help = false
  for (const t of tokens) {
    if (t.kind === 'positional') {
      positionals.push(t.value)
      continue
    }
    if (t.kind !== 'option') continue
    const spec = Object.hasOwn(options, t.name) ? options[t.name] : undefined
    if (t.name === 'help' && spec?.type === 'boolean') help = true
    const entry = seen.get(t.name) ?? { count: 0, values: [] }
    entry.count += 1
    if (t.value !== undefined) entry.values.push(t.value)
    seen.set(t.name, entry)
    if (error) continue
    error = tokenProblem(t, spec, options)
    if (error || !spec) continue
    if (spec.multiple) {
      values[t.name] = [...((values[t.name] as unknown[] | undefined) ?? []), t.value ?? true]
    } else if (entry.count > 1) {
      if (t.name !== 'help') error = { repeated: t.name }
    } else {
      values[t.name] = t.value ?? true
    }
  }
  // Asking for help wins over any mistake made around it.
  if (help) return { ok: true, values: { help: true } as unknown as FlagValues<O>, positionals }
  if (typeof error === 'string') return { ok: false, message: error }
  if (error) {
    const { count, values: given } = seen.get(error.repeated)!
    const spec = options[error.repeated]!
    const which = spec.type === 'boolean' || spec.secret ? '' : ` (${list(given.map(shownValue))})`
    return {
      ok: false,
      message: `--${error.repeated} was given ${times(count)}${which}: give it once`,
    }
  }
  return { ok: true, values: values as FlagValues<O>, positionals }
}

type OptionToken = { name: string; rawName: string; value?: string; inlineValue?: boolean }

/** What is wrong with one option as written, or null. */
function tokenProblem(
  t: OptionToken,
  spec: FlagSpec | undefined,
  options: Record<string, FlagSpec>,
): string | null {
  // rawName never carries an inline "=value": a mistyped --pasword=… is not shown.
  if (!spec) return `Unknown option '${t.rawName}'`
  const flag = `--${t.name}`
  if (spec.type === 'boolean') return t.value === undefined ? null : `${flag} takes no value`
  if (t.value === undefined) return `${flag} needs a value`
  // Non-strict parseArgs takes the next argument whatever it is; only a negative number (or
  // "-", standard output) is a value that starts with "-". Anything else is most likely the
  // next option, so the flag's value was forgotten. The argument is not shown unless it is one
  // of our options: it could be a password.
  if (
    !t.inlineValue &&
    t.value.startsWith('-') &&
    t.value !== '-' &&
    !NEGATIVE_NUMBER.test(t.value)
  ) {
    const next = optionNamed(t.value, options)
    return next
      ? `${flag} needs a value, but the next argument is the option ${next}`
      : `${flag} needs a value; if the value starts with "-", write ${flag}=VALUE`
  }
  return null
}

/** `--name` when `arg` is one of `options` (long, `--name=…`, or its short form), else null. */
function optionNamed(arg: string, options: Record<string, FlagSpec>): string | null {
  const long = /^--([^=]+)/.exec(arg)
  if (long) return Object.hasOwn(options, long[1]!) ? `--${long[1]}` : null
  const short = /^-([^-])$/.exec(arg)
  const name = short && Object.keys(options).find((k) => options[k]!.short === short[1])
  return name ? `--${name}` : null
}

export type NumberUnit = 'port' | 'milliseconds' | 'seconds'

/**
 * A whole number from `min` to `max`, or the message for `flag`: "--submission-port must be a port
 * number 1–65535, got -1".
 */
export function numberFlag(
  flag: string,
  raw: string,
  unit: NumberUnit,
  min: number,
  max: number,
): number | { error: string } {
  const n = /^\d{1,15}$/.test(raw) ? Number(raw) : NaN
  if (Number.isSafeInteger(n) && n >= min && n <= max) return n
  const what = unit === 'port' ? 'a port number' : `a number of ${unit}`
  return { error: `${flag} must be ${what} ${min}–${max}, got ${shownNumber(raw)}` }
}

export const portFlag = (flag: string, raw: string) => numberFlag(flag, raw, 'port', 1, 65535)

/**
 * What a usage error prints: the message, then one line saying where the options are.
 * `command` null: the command itself was missing or unknown. The message quotes arguments as
 * given (a script may pass on a name a device announced), so it is shown as every other line
 * the CLI prints is: through the shared display function.
 */
export function usageErrorText(message: string, command: string | null): string {
  const help =
    command === null
      ? "Run 'scanpath --help' for the commands and their options."
      : `Run 'scanpath ${command} --help' for the options.`
  return `scanpath: ${displayText(message)}\n${help}\n`
}
