/** The test message a session sends after DATA, and the rule that keeps inputs to one line. */

export interface SmtpTestMessage {
  from: string
  to: string
  subject: string
  body: string
}

/** Header-safe: no CR/LF can reach a command or a header line (no injection through inputs). */
export function oneLine(value: string): string {
  return value.replace(/[\r\n]+/g, ' ')
}

/** The test message on the wire: headers, dot-stuffed body (RFC 5321 §4.5.2), CRLF line ends. */
export function formatTestMessage(m: SmtpTestMessage, now: Date): string {
  const headers = [
    `From: <${oneLine(m.from)}>`,
    `To: <${oneLine(m.to)}>`,
    `Subject: ${oneLine(m.subject)}`,
    `Date: ${now.toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: <${now.getTime()}.${Math.random().toString(36).slice(2)}@scanpath.localdomain>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
  ]
  const body = m.body
    .split(/\r?\n/)
    .map((l) => (l.startsWith('.') ? `.${l}` : l))
    .join('\r\n')
  return `${headers.join('\r\n')}\r\n\r\n${body}\r\n.\r\n`
}
