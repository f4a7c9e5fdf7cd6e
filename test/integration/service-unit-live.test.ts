/**
 * The shipped relay unit (build/linux/scanpath-relay.service) under a live systemd, booted in a
 * throwaway nspawn container: the README's sign-in recipe run as written, then the service started,
 * sandboxed as it claims, delivering a device's message to the local Exchange-like server.
 */
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { join } from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { watchRelay } from '../../electron/relay/status-link/client'

import {
  startFakeIdentityProvider,
  type FakeIdentityProvider,
} from '../helpers/fake-identity-provider'
import {
  bootContainer,
  nspawnMissing,
  type BootedContainer,
  type ContainerProcess,
} from '../helpers/nspawn'
import { requirePeer } from '../helpers/require-peer'
import { useScenarioPeers } from '../helpers/scenario-peers'
import { startScenarioServer, type ScenarioServer } from '../helpers/scenario-smtp-server'
import { device, freePort, linkWatcher, MAILBOX, scan, waitFor } from './relay-helpers'

const ROOT = join(__dirname, '..', '..')
const UNIT = 'scanpath-relay.service'
const APP_ID = '3c9e1f2a-7b4d-4c6e-9a1b-2d3e4f5a6b7c'
// Where the container sees the checkout and this Node (bound read-only), and the test CA.
const CHECKOUT = '/opt/scanpath-checkout'
const NODE = '/usr/local/lib/scanpath-test/node'
const CA = '/etc/scanpath-test/ca.pem'
const APP_SECRET = 'relay~service-unit-live-secret-0123456789'

const missing = await nspawnMissing()
const peer = requirePeer('systemd-nspawn (a live systemd for the relay unit)', missing)

/**
 * The deb's /usr/bin/scanpath runs the app's executable as Node (ELECTRON_RUN_AS_NODE) on
 * out/main/cli.js; here plain Node runs the same built file. The site's trust of a private CA is
 * what NODE_EXTRA_CA_CERTS gives: the identity provider and the server use the test CA.
 */
const LAUNCHER = `#!/bin/sh
# Test stand-in for the ScanPath launcher: the built CLI under plain Node.
NODE_EXTRA_CA_CERTS=${CA} exec ${NODE} ${CHECKOUT}/out/main/cli.js "$@"
`

/**
 * A free port below 1024 on 127.0.0.1 (found as root), like 25 or 587: binding it as the relay's
 * user takes the unit's CAP_NET_BIND_SERVICE. Picked at random, so parallel runs rarely meet.
 */
async function freePrivilegedPort(): Promise<number> {
  for (let i = 0; i < 50; i++) {
    const port = 600 + Math.floor(Math.random() * 400)
    const free = await new Promise<boolean>((resolve) => {
      const probe = createServer()
      probe.once('error', () => resolve(false))
      probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)))
    })
    if (free) return port
  }
  throw new Error('no free port between 600 and 999 on 127.0.0.1')
}

/** The README's shell line that starts with `sudo <command>`, as one line. */
async function readmeLine(command: RegExp): Promise<string> {
  const readme = await readFile(join(ROOT, 'README.md'), 'utf8')
  const line = readme.split('\n').find((l) => command.test(l))
  if (!line) throw new Error(`README.md has no line matching ${String(command)}`)
  return line
}

const peers = useScenarioPeers()
let container: BootedContainer | null = null
let idp: FakeIdentityProvider | null = null
let server: ScenarioServer | null = null
let relayPort = 0
let statusPort = 0
let pairingCode = ''
let relayConfig: Record<string, unknown> = {}

function ct(): BootedContainer {
  if (!container) throw new Error('the container did not boot')
  return container
}

/** A shell line run as root in the container; its output, which must succeed. */
async function sh(script: string, timeoutMs = 30_000): Promise<string> {
  const r = await ct().run(['sh', '-c', script], { timeoutMs })
  if (r.code !== 0)
    throw new Error(`in the container: ${script}\n→ ${r.code}\n${r.stdout}${r.stderr}`)
  return r.stdout
}

async function unitProperty(name: string): Promise<string> {
  return (await sh(`systemctl show ${UNIT} -p ${name} --value`)).trim()
}

async function journal(): Promise<string> {
  return sh(`journalctl -u ${UNIT} --no-pager -o cat`)
}

/**
 * The journal once `re` matches it; given `after` (the journal read earlier), only what came
 * since. The relay's lines reach journald through its output stream and systemd's through
 * another socket, so they may be written a moment apart, and in either order.
 */
async function journalUntil(
  what: string,
  re: RegExp,
  timeoutMs = 30_000,
  after = '',
): Promise<string> {
  const end = Date.now() + timeoutMs
  for (;;) {
    const text = (await journal()).slice(after.length)
    if (re.test(text)) return text
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; the journal:\n${text}`)
    await new Promise((r) => setTimeout(r, 250))
  }
}

/** The relay's process as the container sees it, with the credentials it runs with. */
async function mainProcess(): Promise<{ pid: number; uid: number; gid: number; status: string }> {
  const pid = Number(await unitProperty('MainPID'))
  expect(pid).toBeGreaterThan(0)
  const status = await sh(`cat /proc/${pid}/status`)
  const uid = Number(/^Uid:\s+(\d+)/m.exec(status)?.[1])
  const gid = Number(/^Gid:\s+(\d+)/m.exec(status)?.[1])
  return { pid, uid, gid, status }
}

/** A shell line run in the relay's own mount namespace as its user: what the relay may do. */
async function asTheRelay(script: string): Promise<{ code: number | 'killed'; out: string }> {
  const p = await mainProcess()
  const args = ['-t', String(p.pid), '-m', '-S', String(p.uid), '-G', String(p.gid)]
  const r = await ct().run(['nsenter', ...args, '--', 'sh', '-c', script])
  return { code: r.code, out: r.stdout + r.stderr }
}

/**
 * The README's `systemd-run … relay sign-in` line with `sign-in` replaced by `subcommand` (the
 * README says to run `relay pair` the same way), at a terminal as a technician types it: `--pty`
 * shows the service's output only on a tty, so `script` gives it one.
 */
async function recipe(subcommand: string): Promise<ContainerProcess> {
  const line = await readmeLine(/^sudo systemd-run .* relay sign-in /)
  const command = line.replace(/^sudo /, '').replace(' relay sign-in ', ` relay ${subcommand} `)
  return ct().start(['script', '-qec', command, '/dev/null'], { timeoutMs: 60_000 })
}

/** A shell line run as root in the relay's mount namespace: its output and error output. */
async function inItsNamespace(script: string): Promise<string> {
  const p = await mainProcess()
  const r = await ct().run(['nsenter', '-t', String(p.pid), '-m', '--', 'sh', '-c', script])
  return r.stdout + r.stderr
}

describe.skipIf(peer.missing)(peer.title('the relay unit under a live systemd'), () => {
  beforeAll(async () => {
    if (!existsSync(join(ROOT, 'out', 'main', 'cli.js')))
      throw new Error('out/main/cli.js is missing: run `npm run build` first')
    idp = await startFakeIdentityProvider({ pki: peers.pki, user: { username: MAILBOX } })
    const issuer = idp
    // The Exchange-like server takes, for MAILBOX, the newest access token the provider issued.
    const latest = (): string | undefined => issuer.issued.accessTokens.at(-1)
    const users = new Proxy<Record<string, string>>(
      {},
      {
        get: (_t, k) => (k === MAILBOX ? latest() : undefined),
        getOwnPropertyDescriptor: (_t, k) =>
          k === MAILBOX && latest() !== undefined
            ? { value: latest(), configurable: true, enumerable: true, writable: false }
            : undefined,
      },
    )
    // Not peers.serve: its servers are closed after each test, and this one serves them all.
    server = await startScenarioServer({ scenario: 'exchange', pki: peers.pki, users })
    relayPort = await freePrivilegedPort()
    statusPort = await freePort()
    relayConfig = {
      listen: { address: '127.0.0.1', port: relayPort },
      allow: ['127.0.0.1'],
      senders: [MAILBOX],
      outbound: { host: '127.0.0.1', port: server.port, username: MAILBOX },
      signIn: { kind: 'delegated', clientId: APP_ID, authorityHost: idp.origin },
      secrets: { store: 'file' },
      spoolDir: '/var/lib/scanpath-relay/spool',
      status: { port: statusPort },
    }
    container = await bootContainer({
      files: {
        [`/etc/systemd/system/${UNIT}`]: {
          content: await readFile(join(ROOT, 'build', 'linux', UNIT)),
          mode: 0o644,
        },
        '/usr/bin/scanpath': { content: LAUNCHER, mode: 0o755 },
        '/etc/scanpath-relay/relay.json': {
          content: JSON.stringify(relayConfig, null, 2),
          mode: 0o644,
        },
        [CA]: { content: await readFile(peers.pki.caFile), mode: 0o644 },
      },
      bindReadOnly: { [ROOT]: CHECKOUT, [process.execPath]: NODE },
    })
  }, 90_000)

  afterAll(async () => {
    await container?.stop()
    await server?.close()
    await idp?.close()
  }, 60_000)

  it('boots a systemd of its own, apart from this machine', async () => {
    expect((await sh('cat /proc/1/comm')).trim()).toBe('systemd')
    // Its root is this machine's, read-only under a throwaway overlay.
    expect((await sh('findmnt -n -o FSTYPE /')).trim()).toBe('overlay')
    expect(await sh('systemctl is-system-running || true')).toMatch(/^(running|degraded)\n$/)
    expect(await unitProperty('UnitFileState')).toBe('disabled')
    expect(await unitProperty('LoadState')).toBe('loaded')
  })

  it("makes the key with the README's line, and without a sign-in the journal says what to run", async () => {
    const keyLine = await readmeLine(/^sudo .*head -c 32 \/dev\/urandom.*relay\.key/)
    await sh(keyLine.replace(/^sudo /, ''))
    expect((await sh('stat -c "%a %U %s" /etc/scanpath-relay/relay.key')).trim()).toBe(
      '600 root 32',
    )

    await sh(`systemctl start ${UNIT}`)
    const text = await journalUntil('the refusal', /no saved Microsoft 365 sign-in/)
    expect(text).toContain(
      `there is no saved Microsoft 365 sign-in for ${MAILBOX} in the encrypted file /var/lib/scanpath-relay/secrets.json: run \`scanpath relay sign-in --config /etc/scanpath-relay/relay.json\` first`,
    )
    await sh(`systemctl stop ${UNIT}; systemctl reset-failed ${UNIT} || true`)
  }, 60_000)

  it("signs in with the README's systemd-run line, as the service's own user", async () => {
    const provider = idp as FakeIdentityProvider
    const signingIn = await recipe('sign-in')
    await waitFor(
      'the device code request',
      () => provider.requests.some((r) => r.path.endsWith('/oauth2/v2.0/devicecode')),
      30_000,
    )
    provider.approve()
    signingIn.write('', true)
    const r = await signingIn.done
    const out = r.stdout + r.stderr
    expect(out).toMatch(
      /open https:\/\/127\.0\.0\.1:\d+\/devicelogin in any browser and enter the code/,
    )
    expect(out).toContain(`Signed in as ${MAILBOX}`)
    expect(out).toContain('kept in the encrypted file /var/lib/scanpath-relay/secrets.json')
    expect(r.code).toBe(0)

    // The state directory is systemd's private one, 0700, and the secret belongs to its user.
    const link = (await sh('readlink /var/lib/scanpath-relay')).trim()
    expect(link).toBe('private/scanpath-relay')
    const [mode, uid] = (await sh('stat -c "%a %u" /var/lib/private/scanpath-relay'))
      .trim()
      .split(' ')
    expect(mode).toBe('700')
    expect(Number(uid)).toBeGreaterThanOrEqual(61184) // systemd's dynamic user range
    const secret = await sh('stat -c "%a %u" /var/lib/private/scanpath-relay/secrets.json')
    expect(secret.trim()).toBe(`600 ${uid}`)
    const stored = await sh('cat /var/lib/private/scanpath-relay/secrets.json')
    for (const t of [...provider.issued.refreshTokens, ...provider.issued.accessTokens])
      expect(stored).not.toContain(t)
  }, 90_000)

  it('makes a pairing code the same way, kept in the state directory', async () => {
    const pairing = await recipe('pair')
    pairing.write('', true)
    const r = await pairing.done
    expect(r.code).toBe(0)
    const code = /Pairing code: ([0-9A-Z]{4}(?:-[0-9A-Z]{4}){4})\r?\n/.exec(r.stdout)?.[1]
    expect(code, r.stdout + r.stderr).toBeDefined()
    pairingCode = code ?? ''
    const stored = await sh('cat /var/lib/private/scanpath-relay/secrets.json')
    expect(stored).not.toContain(pairingCode)
    expect(stored).not.toContain(pairingCode.replace(/-/g, ''))
  }, 90_000)

  it('enable --now runs it as a dynamic user, sandboxed, delivering a device message', async () => {
    const provider = idp as FakeIdentityProvider
    const exchange = server as ScenarioServer
    // As the unit's own header says: `systemctl enable --now` (its [Install] section must hold).
    await sh(`systemctl enable --now ${UNIT}`)
    expect(await unitProperty('UnitFileState')).toBe('enabled')
    // A port below 1024, bound by a user that is not root: AmbientCapabilities= at work.
    await journalUntil(
      'the relay to listen',
      new RegExp(`relay: listening on 127\\.0\\.0\\.1:${relayPort} `),
    )
    expect(await unitProperty('ActiveState')).toBe('active')

    const p = await mainProcess()
    expect(p.uid).toBeGreaterThanOrEqual(61184)
    expect(p.uid).toBeLessThanOrEqual(65519)
    // Only CAP_NET_BIND_SERVICE (bit 10), no new privileges, a seccomp filter.
    expect(p.status).toMatch(/^CapEff:\s+0000000000000400$/m)
    expect(p.status).toMatch(/^CapBnd:\s+0000000000000400$/m)
    expect(p.status).toMatch(/^NoNewPrivs:\s+1$/m)
    expect(p.status).toMatch(/^Seccomp:\s+2$/m)
    const owner = (await sh('stat -c %u /var/lib/private/scanpath-relay')).trim()
    expect(Number(owner)).toBe(p.uid)

    // The credential: systemd's copy of relay.key, in the relay's environment and readable by it.
    const environ = (await sh(`tr '\\0' '\\n' < /proc/${p.pid}/environ`)).split('\n')
    expect(environ).toContain(`CREDENTIALS_DIRECTORY=/run/credentials/${UNIT}`)
    expect(environ).toContain('STATE_DIRECTORY=/var/lib/scanpath-relay')
    const sum = (await sh('sha256sum < /etc/scanpath-relay/relay.key')).trim()
    const theirs = await asTheRelay(`sha256sum < /run/credentials/${UNIT}/relay-key`)
    expect(theirs).toEqual({ code: 0, out: `${sum}\n` })
    // The relay cannot read the original key, and writes nowhere but its state directory.
    expect((await asTheRelay('cat /etc/scanpath-relay/relay.key')).out).toMatch(/Permission denied/)
    expect((await asTheRelay('touch /etc/scanpath-relay/relay.json')).out).toMatch(
      /Permission denied/,
    )
    expect(
      await asTheRelay('touch /var/lib/scanpath-relay/probe; rm /var/lib/scanpath-relay/probe'),
    ).toEqual({ code: 0, out: '' })
    // ProtectSystem=strict and ReadOnlyPaths=: read-only even for root in the relay's namespace,
    // so these refusals are not mere permissions (its configuration folder included).
    for (const path of [
      '/etc/scanpath-relay/relay.json',
      '/etc/hostname',
      '/usr/bin/scanpath',
      `${CHECKOUT}/out/x`,
      '/var/lib/other',
    ])
      expect(await inItsNamespace(`touch ${path}`)).toMatch(/Read-only file system/)
    // No home folders (ProtectHome), and its own /tmp (PrivateTmp).
    expect(await inItsNamespace('ls -A /root; ls -A /home')).toBe('')
    await sh('touch /tmp/host-side-file')
    expect(await inItsNamespace('ls -A /tmp')).toBe('')

    await device(relayPort, 'modern').sendMail({
      envelope: { from: MAILBOX, to: ['office@contoso.example'] },
      raw: scan('<service-unit-live-1@mfp>'),
    })
    await waitFor(
      'delivery to the Exchange-like server',
      () => exchange.messages.length === 1,
      30_000,
    )
    expect(exchange.messages[0]?.messageId).toBe('<service-unit-live-1@mfp>')
    const text = await journalUntil(
      'the delivery line',
      /relay: delivered <service-unit-live-1@mfp>/,
    )
    expect(text).toMatch(
      /relay: queued <service-unit-live-1@mfp> \(\d+ bytes\) from 127\.0\.0\.1 over TLS/,
    )
    for (const t of [...provider.issued.refreshTokens, ...provider.issued.accessTokens])
      expect(text).not.toContain(t)
  }, 90_000)

  it('serves the status link to a paired ScanPath, and `relay status` reads its state', async () => {
    const w = linkWatcher()
    const link = watchRelay({ host: '127.0.0.1', port: statusPort, code: pairingCode }, w)
    try {
      await waitFor('a status over the link', () => w.statuses.length > 0 || w.problem !== null)
      expect(w.problem).toBeNull()
      expect(w.statuses[0]?.account).toBe(MAILBOX)
    } finally {
      link.close()
    }
    const status = await ct().run(
      ['scanpath', 'relay', 'status', '--config', '/etc/scanpath-relay/relay.json', '--json'],
      { timeoutMs: 30_000 },
    )
    expect(status.code, status.stderr).toBe(0)
    const json = JSON.parse(status.stdout) as {
      relay: { running: boolean; signIn: { account: string; warning: string | null } | null }
    }
    expect(json.relay.running).toBe(true)
    expect(json.relay.signIn).toMatchObject({ account: MAILBOX, warning: null })
  }, 60_000)

  it('is started again by systemd after a crash (Restart=on-failure)', async () => {
    const exchange = server as ScenarioServer
    const before = await mainProcess()
    await sh(`kill -KILL ${before.pid}`)
    // RestartSec=5s, then a new process of the same dynamic user with the same state.
    const end = Date.now() + 20_000
    let after = 0
    while (Date.now() < end) {
      after = Number(await unitProperty('MainPID'))
      if (after > 0 && after !== before.pid && (await unitProperty('SubState')) === 'running') break
      await new Promise((r) => setTimeout(r, 250))
    }
    expect(after).not.toBe(before.pid)
    expect(Number(await unitProperty('NRestarts'))).toBeGreaterThanOrEqual(1)
    await journalUntil('the second start', /(relay: listening on [^\n]*[\s\S]*){2}/)
    expect((await mainProcess()).uid).toBe(before.uid)
    await device(relayPort, 'modern').sendMail({
      envelope: { from: MAILBOX, to: ['office@contoso.example'] },
      raw: scan('<service-unit-live-2@mfp>'),
    })
    await waitFor('the second delivery', () => exchange.messages.length === 2, 30_000)
    expect(exchange.messages.map((m) => m.messageId)).toEqual([
      '<service-unit-live-1@mfp>',
      '<service-unit-live-2@mfp>',
    ])
  }, 60_000)

  it('keeps an app secret with the same line (set-secret), then delivers with app-only tokens', async () => {
    const provider = idp as FakeIdentityProvider
    const exchange = server as ScenarioServer
    provider.registerApp({ clientId: APP_ID, secrets: [APP_SECRET] })
    const appOnly = {
      ...relayConfig,
      signIn: {
        kind: 'app-only',
        clientId: APP_ID,
        tenant: provider.user.tid,
        authorityHost: provider.origin,
      },
    }
    const write = await ct().run(['sh', '-c', 'cat > /etc/scanpath-relay/relay.json'], {
      stdin: JSON.stringify(appOnly, null, 2),
    })
    expect(write.code).toBe(0)
    // Typed at the prompt the service's terminal shows, which must not echo it.
    const setting = await recipe('set-secret')
    await waitFor(
      'the prompt',
      () => /Client secret of the app \S+: /.test(setting.output()),
      30_000,
    )
    setting.write(`${APP_SECRET}\n`, true)
    const r = await setting.done
    const out = r.stdout + r.stderr
    expect(out).not.toContain(APP_SECRET)
    expect(out).toContain(
      `The client secret of the app ${APP_ID} is kept in the encrypted file /var/lib/scanpath-relay/secrets.json`,
    )
    expect(out).toMatch(
      /Microsoft accepted it: a token for scanner@contoso\.example is valid until/,
    )
    expect(r.code).toBe(0)
    const [mode, uid] = (await sh('stat -c "%a %u" /var/lib/private/scanpath-relay/secrets.json'))
      .trim()
      .split(' ')
    expect(mode).toBe('600')
    expect(Number(uid)).toBe((await mainProcess()).uid)

    const tokensBefore = provider.issued.accessTokens.length
    await sh(`systemctl restart ${UNIT}`)
    await journalUntil('the third start', /(relay: listening on [^\n]*[\s\S]*){3}/)
    await device(relayPort, 'modern').sendMail({
      envelope: { from: MAILBOX, to: ['office@contoso.example'] },
      raw: scan('<service-unit-live-3@mfp>'),
    })
    await waitFor('the app-only delivery', () => exchange.messages.length === 3, 30_000)
    expect(exchange.messages[2]?.messageId).toBe('<service-unit-live-3@mfp>')
    // A token from the client credentials grant, asked for after the restart, signed it in.
    expect(provider.issued.accessTokens.length).toBeGreaterThan(tokensBefore)
    expect(
      provider.requests.some(
        (q) => q.path.endsWith('/oauth2/v2.0/token') && q.grantType === 'client_credentials',
      ),
    ).toBe(true)
    const everything =
      (await journal()) + (await sh('cat /var/lib/private/scanpath-relay/secrets.json'))
    expect(everything).not.toContain(APP_SECRET)
  }, 90_000)

  it('stops cleanly on systemctl stop, well within TimeoutStopSec', async () => {
    const before = await journal()
    const started = Date.now()
    await sh(`systemctl stop ${UNIT}`, 40_000)
    const took = Date.now() - started
    expect(took).toBeLessThan(30_000)
    expect(await unitProperty('ActiveState')).toBe('inactive')
    // From the journal, not `systemctl show`: an inactive unit may be unloaded, its result lost.
    // A relay that exits by itself on SIGTERM with status 0 gets no "Main process exited" line.
    const text = await journalUntil(
      "the relay's stop line",
      /relay: stopped; 0 message\(s\) left queued \(SIGTERM received\)/,
      10_000,
      before,
    )
    expect(text).toContain(`${UNIT}: Deactivated successfully.`)
    expect(text).not.toMatch(/Main process exited|timed out|SIGKILL|Killing/i)
  }, 60_000)
})
