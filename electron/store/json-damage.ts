/**
 * Why a text is not JSON, in words that name the byte where it goes wrong ("cut short", an
 * unexpected character, data after the end): for the problems a damaged data file is reported by.
 */

/**
 * Where a text that JSON.parse refused stops being JSON: the index of the first character that
 * cannot be there, or the text's length when it ends too soon (cut short); `extra` when a whole
 * value is followed by more. Written out here because JSON.parse's messages differ between
 * engines and some give no position at all. Iterative, so deep nesting cannot overflow the stack.
 */
export function jsonErrorAt(s: string): { at: number; why: 'end' | 'char' | 'extra' } | null {
  const n = s.length
  let i = 0
  const stack: string[] = []
  const ws = () => {
    while (i < n && (s[i] === ' ' || s[i] === '\t' || s[i] === '\n' || s[i] === '\r')) i++
  }
  const fail = () => ({ at: Math.min(i, n), why: i >= n ? ('end' as const) : ('char' as const) })
  const string = (): boolean => {
    i++ // the opening quote
    while (i < n) {
      const c = s.charCodeAt(i)
      if (c === 0x22) {
        i++
        return true
      }
      if (c < 0x20) return false
      if (c === 0x5c) {
        i++
        if (i >= n) return false
        if (s[i] === 'u') {
          for (let k = 0; k < 4; k++) {
            i++
            if (i >= n || !/[0-9a-fA-F]/.test(s[i]!)) return false
          }
        } else if (!'"\\/bfnrt'.includes(s[i]!)) return false
      }
      i++
    }
    return false
  }
  const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y
  const scalar = (): boolean => {
    for (const word of ['true', 'false', 'null']) {
      if (s.startsWith(word, i)) {
        i += word.length
        return true
      }
      // A word cut off at the end of the text: "tr".
      if (n - i < word.length && word.startsWith(s.slice(i))) {
        i = n
        return false
      }
    }
    NUMBER.lastIndex = i
    const m = NUMBER.exec(s)
    if (!m) {
      if (s[i] === '-' && i + 1 >= n) i = n
      return false
    }
    i += m[0].length
    // "1.", "1e" or "1e-" at the very end: cut short in the middle of the number.
    if (i < n && n - i <= 2 && /^(?:\.|[eE][+-]?)$/.test(s.slice(i))) {
      i = n
      return false
    }
    return true
  }
  const key = (): boolean => {
    ws()
    if (i >= n || s[i] !== '"' || !string()) return false
    ws()
    if (i >= n || s[i] !== ':') return false
    i++
    return true
  }
  for (;;) {
    // A value is expected here.
    ws()
    if (i >= n) return fail()
    const c = s[i]
    if (c === '{' || c === '[') {
      i++
      ws()
      if (i < n && s[i] === (c === '{' ? '}' : ']')) i++
      else {
        stack.push(c)
        if (c === '{' && !key()) return fail()
        continue
      }
    } else if (c === '"') {
      if (!string()) return fail()
    } else if (!scalar()) return fail()
    // A whole value ended here: close containers, or go on after a comma.
    for (;;) {
      ws()
      const top = stack[stack.length - 1]
      if (top === undefined) return i >= n ? null : { at: i, why: 'extra' }
      if (i >= n) return fail()
      if (s[i] === ',') {
        i++
        if (top === '{' && !key()) return fail()
        break
      }
      if (s[i] !== (top === '{' ? '}' : ']')) return fail()
      i++
      stack.pop()
    }
  }
}

function describeChar(ch: string): string {
  const code = ch.codePointAt(0) ?? 0
  return code >= 0x21 && code <= 0x7e
    ? `"${ch}"`
    : `character U+${code.toString(16).toUpperCase().padStart(4, '0')}`
}

/** Why a text is not JSON, as a phrase after a file name, with the byte where it goes wrong. */
export function jsonDamage(text: string): string {
  if (text.trim() === '') return 'is empty (cut short or damaged)'
  const where = jsonErrorAt(text)
  if (!where) return 'is damaged: not valid JSON'
  const byte = Buffer.byteLength(text.slice(0, where.at), 'utf8')
  if (where.why === 'end') return `is damaged: unexpected end of JSON at byte ${byte} (cut short)`
  if (where.why === 'extra') return `is damaged: unexpected data after the JSON at byte ${byte}`
  return `is damaged: unexpected ${describeChar(String.fromCodePoint(text.codePointAt(where.at)!))} at byte ${byte} of the JSON`
}
