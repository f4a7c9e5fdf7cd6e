/**
 * A private Postfix for the relay benchmark: its own config and queue under a temp dir, listening
 * on 127.0.0.1 only, relaying everything to one smarthost with SASL (LOGIN) over verified STARTTLS.
 */
import { execFile } from 'node:child_process'
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

export interface PostfixPeer {
  port: number
  version: string
  /** The instance's own log (maillog_file), for a failure message. */
  log(): Promise<string>
  stop(): Promise<void>
}

export interface PostfixOptions {
  listenPort: number
  smarthostPort: number
  /** The smarthost's certificate is checked against this CA and the name "localhost". */
  caFile: string
  username: string
  password: string
}

/** The installed Postfix's version, or null when it is not installed. */
export async function postfixVersion(): Promise<string | null> {
  try {
    const { stdout } = await run('/usr/sbin/postconf', ['-d', '-h', 'mail_version'])
    return stdout.trim()
  } catch {
    return null
  }
}

export async function startPostfix(opts: PostfixOptions): Promise<PostfixPeer> {
  const version = await postfixVersion()
  if (!version) throw new Error('Postfix is not installed (apt-get install postfix)')
  const dir = await mkdtemp(join(tmpdir(), 'bench-postfix-'))
  const conf = join(dir, 'conf')
  const queue = join(dir, 'queue')
  const data = join(dir, 'data')
  // Postfix's daemons run as the postfix user and must reach the queue under this folder.
  await chmod(dir, 0o755)
  await mkdir(conf)
  await mkdir(data)
  await mkdir(queue)
  const saslFile = join(conf, 'sasl_passwd')
  const nexthop = `[localhost]:${opts.smarthostPort}`
  // texthash: needs no postmap; the file is readable by root only and deleted at stop.
  await writeFile(saslFile, `${nexthop} ${opts.username}:${opts.password}\n`, { mode: 0o600 })
  const mainCf = [
    'compatibility_level = 3.6',
    `queue_directory = ${queue}`,
    `data_directory = ${data}`,
    'mail_owner = postfix',
    'setgid_group = postdrop',
    'myhostname = bench-postfix.scanpath.test',
    'mydestination =',
    'inet_interfaces = 127.0.0.1',
    'inet_protocols = ipv4',
    'mynetworks = 127.0.0.0/8',
    'smtpd_relay_restrictions = permit_mynetworks, reject',
    `relayhost = ${nexthop}`,
    // /etc/hosts for "localhost" (no DNS here); the certificate is checked for that name.
    'smtp_host_lookup = native',
    'smtp_sasl_auth_enable = yes',
    `smtp_sasl_password_maps = texthash:${saslFile}`,
    'smtp_sasl_security_options = noanonymous',
    'smtp_sasl_tls_security_options = noanonymous',
    'smtp_sasl_mechanism_filter = login, plain',
    // "secure": TLS required and the certificate verified (encrypt would send the password to
    // any certificate).
    'smtp_tls_security_level = secure',
    'smtp_tls_secure_cert_match = nexthop',
    `smtp_tls_CAfile = ${opts.caFile}`,
    'smtp_tls_mandatory_protocols = >=TLSv1.2',
    // Pacing off: no per-destination delay, Postfix's default concurrency (20).
    'smtp_destination_rate_delay = 0s',
    `maillog_file = ${join(dir, 'maillog')}`,
    `maillog_file_prefixes = ${dir}`,
    'biff = no',
    'append_dot_mydomain = no',
    'smtputf8_enable = no',
  ].join('\n')
  // master.cf columns: service type private unpriv chroot wakeup maxproc command (no chroot).
  const masterCf = [
    `127.0.0.1:${opts.listenPort} inet n - n - - smtpd`,
    'pickup unix n - n 60 1 pickup',
    'cleanup unix n - n - 0 cleanup',
    'qmgr unix n - n 300 1 qmgr',
    'tlsmgr unix - - n 1000? 1 tlsmgr',
    'rewrite unix - - n - - trivial-rewrite',
    'bounce unix - - n - 0 bounce',
    'defer unix - - n - 0 bounce',
    'trace unix - - n - 0 bounce',
    'verify unix - - n - 1 verify',
    'flush unix n - n 1000? 0 flush',
    'proxymap unix - - n - - proxymap',
    'smtp unix - - n - - smtp',
    'relay unix - - n - - smtp',
    'showq unix n - n - - showq',
    'error unix - - n - - error',
    'retry unix - - n - - error',
    'discard unix - - n - - discard',
    'local unix - n n - - local',
    'anvil unix - - n - 1 anvil',
    'scache unix - - n - 1 scache',
    'postlog unix-dgram n - n - 1 postlogd',
  ].join('\n')
  await writeFile(join(conf, 'main.cf'), mainCf + '\n')
  await writeFile(join(conf, 'master.cf'), masterCf + '\n')
  const logFile = join(dir, 'maillog')
  const log = () => readFile(logFile, 'utf8').catch(() => '(no log)')
  try {
    // The data folder (master.lock, TLS caches) belongs to the mail_owner.
    await run('chown', ['postfix:postfix', data])
    // `start` runs Postfix's own check first, which creates the queue's folders.
    await run('/usr/sbin/postfix', ['-c', conf, 'start'], { timeout: 30_000 })
  } catch (e) {
    // Postfix writes why to its log, not to stderr (unless that is a terminal).
    const detail = `${e instanceof Error ? e.message : String(e)}\n${(await log()).slice(-2000)}`
    await rm(dir, { recursive: true, force: true })
    throw new Error(`Postfix did not start: ${detail}`, { cause: e })
  }
  return {
    port: opts.listenPort,
    version,
    log,
    async stop() {
      await run('/usr/sbin/postfix', ['-c', conf, 'stop'], { timeout: 30_000 }).catch(
        () => undefined,
      )
      await rm(dir, { recursive: true, force: true })
    },
  }
}
