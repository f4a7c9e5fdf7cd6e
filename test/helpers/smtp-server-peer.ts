import { SMTPServer } from 'smtp-server'
import type { TestPki } from './test-pki'

export interface SmtpServerPeerOptions {
  pki: TestPki
  /** Accepted credentials for AUTH PLAIN/LOGIN, user -> password. Default: none. */
  users?: Record<string, string>
}

export interface SmtpServerPeer {
  host: '127.0.0.1'
  port: number
  close(): Promise<void>
}

/**
 * An independent SMTP submission peer built on the smtp-server package, for interop tests and
 * the benchmark: a second implementation keeps the probe honest where the scripted scenario
 * server and the probe could share the same misreading of an RFC.
 */
export async function startSmtpServerPeer(opts: SmtpServerPeerOptions): Promise<SmtpServerPeer> {
  const users = opts.users ?? {}
  const server = new SMTPServer({
    secure: false,
    // Fixed, so banners do not depend on the machine's host name.
    name: 'localhost',
    key: opts.pki.leaf.key,
    cert: opts.pki.leaf.cert,
    // Match what Exchange Online accepts today; smtp-server itself defaults to TLS 1.0.
    minVersion: 'TLSv1.2',
    authMethods: ['PLAIN', 'LOGIN'],
    // allowInsecureAuth stays false, so no password mechanism runs before STARTTLS (RFC 4954
    // §4); smtp-server still lists AUTH in the plaintext EHLO and answers AUTH there with 538.
    disableReverseLookup: true,
    // Handed through to net.createServer: without it Nagle holds a reply written while the
    // previous one is unacknowledged for the delayed ACK (~40 ms on loopback), which would
    // dominate any benchmark against this peer.
    noDelay: true,
    logger: false,
    onAuth(auth, _session, callback) {
      const user = auth.username ?? ''
      if (Object.hasOwn(users, user) && users[user] === auth.password) {
        callback(null, { user })
        return
      }
      callback(new Error('Invalid username or password'))
    },
    onData(stream, _session, callback) {
      // Drain and accept: the peer measures the client, not storage.
      stream.on('end', () => callback())
      stream.resume()
    },
  })
  // smtp-server re-emits per-connection failures (resets, TLS alerts) as 'error'; an
  // EventEmitter without a listener would turn those into uncaught exceptions.
  server.on('error', () => {})

  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      server.server.removeListener('error', reject)
      resolve()
    })
  })
  const address = server.server.address()
  if (address === null || typeof address === 'string') throw new Error('no TCP address')

  let closed: Promise<void> | undefined
  return {
    host: '127.0.0.1',
    port: address.port,
    close: () => {
      closed ??= new Promise<void>((resolve) => {
        // smtp-server's own close() waits up to closeTimeout (30 s) for sessions to end;
        // destroying the topmost socket of each session (the TLS one after STARTTLS) ends
        // them at once, which is safe where tearing a TLS wrap down from below is not.
        server.close(() => resolve())
        for (const connection of [...server.connections]) connection._socket.destroy()
      })
      return closed
    },
  }
}
