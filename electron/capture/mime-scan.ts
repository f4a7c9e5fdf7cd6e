/**
 * Streaming MIME scan of a captured message: attachment names, types and decoded sizes, nothing
 * else. The message is never kept: memory is bounded by one line and one part's headers, so a
 * 50 MB scan or a garbage stream costs the same as a short note.
 */
import type { CaptureAttachment } from '../../shared/capture-types'

// A line longer than this is counted as body but not kept: boundaries and headers are short, and
// a device (or garbage) sending megabytes without a newline must not grow the buffer.
const MAX_LINE = 4096
const MAX_HEADER_BYTES = 16 * 1024
const MAX_ATTACHMENTS = 200

interface Part {
  contentType: string
  filename: string | null
  disposition: string | null
  encoding: string
  rawBytes: number
  base64Chars: number
  base64Padding: number
  topLevel: boolean
}

function headerParam(value: string, name: string): string | null {
  // RFC 2231 extended form first (filename*=utf-8''Scan%20001.pdf), then the plain one.
  const ext = new RegExp(`(?:^|;)\\s*${name}\\*=([^;]*)`, 'i').exec(value)
  if (ext?.[1]) {
    const m = /^([^']*)'[^']*'(.*)$/.exec(ext[1].trim())
    const raw = m ? (m[2] ?? '') : ext[1].trim()
    // Percent-escapes become latin1 code units like the rest of the scan, so the one UTF-8
    // decode at the end applies to every form alike (and a bad escape cannot throw).
    return raw.replace(/%([0-9A-Fa-f]{2})/g, (_m, h: string) =>
      String.fromCharCode(parseInt(h, 16)),
    )
  }
  const plain = new RegExp(
    `(?:^|;)\\s*${name}\\s*=\\s*("((?:[^"\\\\]|\\\\.)*)"|[^;\\s]+)`,
    'i',
  ).exec(value)
  if (!plain) return null
  return plain[2] !== undefined ? plain[2].replace(/\\(.)/g, '$1') : (plain[1] ?? null)
}

// Devices commonly send RFC 2047 encoded names ("=?UTF-8?B?...?="); decode the two standard
// encodings so the technician sees the name the user would.
function decodeWords(s: string): string {
  return s.replace(
    /=\?([^?]+)\?([bBqQ])\?([^?]*)\?=/g,
    (_all, _charset, enc: string, text: string) => {
      try {
        if (enc.toUpperCase() === 'B') return Buffer.from(text, 'base64').toString('utf8')
        const bytes = text
          .replace(/_/g, ' ')
          .replace(/=([0-9A-Fa-f]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)))
        return Buffer.from(bytes, 'latin1').toString('utf8')
      } catch {
        return text
      }
    },
  )
}

function toUtf8(latin1: string): string {
  return Buffer.from(latin1, 'latin1').toString('utf8')
}

export class MimeScanner {
  private pending = ''
  private pendingOverflow = false
  private boundaries: string[] = []
  private inHeaders = true
  private headerLines: string[] = []
  private headerBytes = 0
  private part: Part | null = null
  private topLevelDone = false
  private readonly found: CaptureAttachment[] = []

  push(chunk: Buffer): void {
    let text = chunk.toString('latin1')
    for (;;) {
      const nl = text.indexOf('\n')
      if (nl === -1) break
      const piece = text.slice(0, nl)
      text = text.slice(nl + 1)
      if (this.pendingOverflow) {
        this.bodyBytes(piece.length + 1, null)
        this.pendingOverflow = false
      } else {
        this.line((this.pending + piece).replace(/\r$/, ''), this.pending.length + piece.length + 1)
      }
      this.pending = ''
    }
    if (this.pendingOverflow) {
      this.bodyBytes(text.length, null)
    } else if (this.pending.length + text.length > MAX_LINE) {
      this.bodyBytes(this.pending.length + text.length, null)
      this.pending = ''
      this.pendingOverflow = true
    } else {
      this.pending += text
    }
  }

  end(): CaptureAttachment[] {
    if (this.pending !== '' && !this.pendingOverflow) this.line(this.pending, this.pending.length)
    this.pending = ''
    this.finishPart()
    return this.found
  }

  private line(line: string, rawLength: number): void {
    if (this.inHeaders) {
      if (line === '') {
        this.startBody()
        return
      }
      this.headerBytes += rawLength
      if (this.headerBytes > MAX_HEADER_BYTES) return
      const last = this.headerLines.length - 1
      if (/^[ \t]/.test(line) && last >= 0) this.headerLines[last] += ` ${line.trim()}`
      else this.headerLines.push(line)
      return
    }
    if (line.startsWith('--') && this.boundaries.length > 0) {
      for (let i = this.boundaries.length - 1; i >= 0; i--) {
        const b = this.boundaries[i] as string
        if (!line.startsWith(`--${b}`)) continue
        const rest = line.slice(b.length + 2).trimEnd()
        if (rest === '--') {
          this.finishPart()
          this.boundaries.length = i
          this.inHeaders = false
          return
        }
        if (rest === '') {
          this.finishPart()
          this.boundaries.length = i + 1
          this.inHeaders = true
          this.headerLines = []
          this.headerBytes = 0
          return
        }
      }
    }
    this.bodyBytes(rawLength, line)
  }

  private startBody(): void {
    this.inHeaders = false
    const headers = new Map<string, string>()
    for (const h of this.headerLines) {
      const colon = h.indexOf(':')
      if (colon <= 0) continue
      headers.set(h.slice(0, colon).trim().toLowerCase(), h.slice(colon + 1).trim())
    }
    this.headerLines = []
    this.headerBytes = 0
    const topLevel = !this.topLevelDone
    this.topLevelDone = true
    const ctHeader = headers.get('content-type') ?? 'text/plain'
    const contentType = (ctHeader.split(';')[0] ?? '').trim().toLowerCase() || 'text/plain'
    if (contentType.startsWith('multipart/')) {
      const boundary = headerParam(ctHeader, 'boundary')
      if (boundary) {
        this.boundaries.push(boundary)
        this.part = null
        return
      }
    }
    const cd = headers.get('content-disposition') ?? null
    const name = (cd ? headerParam(cd, 'filename') : null) ?? headerParam(ctHeader, 'name')
    this.part = {
      contentType,
      filename: name === null ? null : decodeWords(toUtf8(name)),
      disposition: cd ? (cd.split(';')[0] ?? '').trim().toLowerCase() : null,
      encoding: (headers.get('content-transfer-encoding') ?? '7bit').trim().toLowerCase(),
      rawBytes: 0,
      base64Chars: 0,
      base64Padding: 0,
      topLevel,
    }
  }

  private bodyBytes(rawLength: number, line: string | null): void {
    const p = this.part
    if (!p) return
    p.rawBytes += rawLength
    if (p.encoding === 'base64') {
      if (line === null) {
        p.base64Chars += rawLength
        return
      }
      const clean = line.replace(/[^A-Za-z0-9+/=]/g, '')
      const pad = /=+$/.exec(clean)?.[0].length ?? 0
      p.base64Chars += clean.length - pad
      p.base64Padding += pad
    }
  }

  private finishPart(): void {
    const p = this.part
    this.part = null
    if (!p || this.found.length >= MAX_ATTACHMENTS) return
    // The message's own text (a single-part note, or the text/html alternatives) is not an
    // attachment; a scan is: named, marked attachment, or a non-text part inside a multipart.
    const isAttachment =
      p.filename !== null ||
      p.disposition === 'attachment' ||
      (!p.topLevel && !p.contentType.startsWith('text/'))
    if (!isAttachment) return
    const size =
      p.encoding === 'base64' ? Math.floor((p.base64Chars * 3) / 4) : Math.max(0, p.rawBytes)
    this.found.push({ filename: p.filename, contentType: p.contentType, size })
  }
}
