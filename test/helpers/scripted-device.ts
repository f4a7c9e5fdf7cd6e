/**
 * A printer-like SMTP client for capture tests: it connects in plaintext on loopback, sends its
 * next command after each final reply line, and is done when the connection closes.
 */
import net from 'node:net'

/** Sends `commands` to 127.0.0.1:`port`, one after each final reply line; resolves on close. */
export function scriptedDevice(port: number, commands: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const s = net.connect({ host: '127.0.0.1', port })
    const lines = [...commands]
    let buf = ''
    s.on('data', (d) => {
      buf += d.toString()
      while (buf.includes('\r\n')) {
        const line = buf.slice(0, buf.indexOf('\r\n'))
        buf = buf.slice(buf.indexOf('\r\n') + 2)
        const next = /^\d{3} /.test(line) ? lines.shift() : undefined
        if (next) s.write(`${next}\r\n`)
      }
    })
    s.on('close', () => resolve())
    s.on('error', reject)
  })
}
