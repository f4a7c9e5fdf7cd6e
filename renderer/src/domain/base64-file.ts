/**
 * Files main sends as base64 (the report PDF, the printable checklist) turned into bytes for a
 * Blob download. Pure and small: `atob` exists both in the page and in Node (unit tests).
 */

/** Decodes standard base64 (whitespace ignored); throws on text that is not base64. */
export function base64ToBytes(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64.replace(/\s+/g, ''))
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}

/**
 * A file name safe to offer in a download: no folders, no control characters, never empty.
 * Main builds the names; this only guards the page against a name it should not pass on.
 */
export function safeFileName(name: string, fallback: string): string {
  const base = name.split(/[\\/]/).pop() ?? ''
  // eslint-disable-next-line no-control-regex -- control characters are what is being removed
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').trim()
  return clean === '' || clean === '.' || clean === '..' ? fallback : clean
}
