/**
 * Relay benchmark: ScanPath Relay against Postfix as a SASL smarthost relay, both forwarding to
 * the same local Exchange-like server over verified STARTTLS, measured in the same run. Prints
 * ratios and a verdict per target (docs/ARCHITECTURE.md, "Testing"), never assertions.
 *
 *   node --import tsx bench/relay-bench.ts [--latency-messages 1000] [--messages 200]
 *     [--queued 1000] [--queued-mb 5]
 */
import { mkdtemp, rm, statfs } from 'node:fs/promises'
import os from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'

import { freePort, MAILBOX, TOKEN } from '../test/integration/relay-helpers'
import type { ExchangeChildFacts } from './exchange-child'
import { startExchangePeer, type ExchangePeer } from './exchange-peer'
import { startPostfix, type PostfixPeer } from './postfix-peer'
import { readRssMb, startRelayChild } from './relay-child'
import { largeMessage, pooledSender, smallMessage, timedSender } from './smtp-bench-clients'

const { values: flags } = parseArgs({
  options: {
    'latency-messages': { type: 'string', default: '1000' },
    messages: { type: 'string', default: '200' },
    queued: { type: 'string', default: '1000' },
    'queued-mb': { type: 'string', default: '5' },
    connections: { type: 'string', default: '4' },
  },
})
const N = Number(flags.messages)
/** Latency samples per peer, taken in rounds of LATENCY_ROUND (each round's p95 is shown too). */
const LATENCY_N = Number(flags['latency-messages'])
const LATENCY_ROUND = 200
const CONNECTIONS = Number(flags.connections)
let QUEUED = Number(flags.queued)
const QUEUED_BYTES = Number(flags['queued-mb']) * 1024 * 1024
const RSS_TARGET_MB = 150
const POSTFIX_USER = 'postfix-relay@contoso.example'
const POSTFIX_PASS = 'bench-Passw0rd-postfix'
const MB = 1024 * 1024

const quantile = (xs: number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.max(1, Math.ceil(q * s.length)) - 1] ?? NaN
}

interface Peer {
  name: string
  port: number
  from: string
}

/** LATENCY_N messages, one at a time, each on its own connection; both peers interleaved. */
async function acceptLatency(peers: Peer[]): Promise<Map<string, number[]>> {
  const samples = new Map(peers.map((p) => [p.name, [] as number[]]))
  for (let i = 0; i < LATENCY_N; i++) {
    for (const p of i % 2 ? [...peers].reverse() : peers) {
      let got: number | null = null
      const t = timedSender(p.port, (ms, reply) => {
        if (!reply.startsWith('250')) throw new Error(`${p.name} answered ${reply}`)
        got = ms
      })
      await t.sendMail({
        envelope: { from: p.from, to: ['office@contoso.example'] },
        raw: smallMessage(p.from, `<lat-${i}-${p.name.length}@bench>`),
      })
      t.close()
      if (got === null) throw new Error(`${p.name}: no reply to DATA seen`)
      samples.get(p.name)!.push(got)
    }
  }
  return samples
}

/** Polls the server process until `cond` holds. */
async function until(
  what: string,
  cond: (facts: ExchangeChildFacts) => boolean,
  server: ExchangePeer,
  timeoutMs: number,
): Promise<ExchangeChildFacts> {
  const end = Date.now() + timeoutMs
  for (;;) {
    const facts = await server.received()
    if (cond(facts)) return facts
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

const wallNow = (): number => performance.timeOrigin + performance.now()

/** N messages over CONNECTIONS parallel connections; first 250 to the server holding all N. */
async function forwardThroughput(peer: Peer, server: ExchangePeer, tag: string): Promise<number> {
  const mine = (f: ExchangeChildFacts) => f.messageIds.filter((id) => id.includes(tag)).length
  const sender = pooledSender(peer.port, CONNECTIONS)
  let first = 0
  await Promise.all(
    Array.from({ length: N }, (_, i) =>
      sender
        .sendMail({
          envelope: { from: peer.from, to: ['office@contoso.example'] },
          raw: smallMessage(peer.from, `<${tag}-${i}@bench>`),
        })
        .then(() => {
          if (!first) first = wallNow()
        }),
    ),
  )
  sender.close()
  const facts = await until(
    `${peer.name} to forward ${N} messages`,
    (f) => mine(f) >= N,
    server,
    300_000,
  )
  // The end is when the server held the last of them, timed in the server's own process.
  const last = Math.max(
    ...facts.messageIds.map((id, i) => (id.includes(tag) ? (facts.arrivedAt[i] ?? 0) : 0)),
  )
  return N / ((last - first) / 1000)
}

/** The relay child, outbound down, QUEUED large messages streamed in; its RSS sampled. */
async function queuedRss(): Promise<{
  peakMb: number
  idleMb: number
  accepted: number
  curve: string[]
}> {
  const dir = await mkdtemp(join(os.tmpdir(), 'bench-relay-rss-'))
  const relay = await startRelayChild(dir, await freePort())
  try {
    const idleMb = await readRssMb(relay.pid, 'VmRSS')
    let peakSampled = 0
    const sampler = setInterval(() => {
      void readRssMb(relay.pid, 'VmRSS').then((mb) => (peakSampled = Math.max(peakSampled, mb)))
    }, 100)
    const sender = pooledSender(relay.port, CONNECTIONS)
    let accepted = 0
    let next = 0
    const curve: string[] = []
    const worker = async () => {
      while (next < QUEUED) {
        const i = next++
        const info = await sender.sendMail({
          envelope: { from: MAILBOX, to: ['office@contoso.example'] },
          raw: largeMessage(MAILBOX, `<big-${i}@bench>`, QUEUED_BYTES),
        })
        if (info.response.startsWith('250')) accepted++
        if (accepted % Math.max(1, Math.floor(QUEUED / 5)) === 0) {
          const mb = await readRssMb(relay.pid, 'VmRSS')
          curve.push(`${accepted}: ${mb.toFixed(0)} MB`)
          process.stderr.write(`  queued ${accepted}/${QUEUED}, relay RSS ${mb.toFixed(0)} MB\n`)
        }
      }
    }
    await Promise.all(Array.from({ length: CONNECTIONS }, worker))
    sender.close()
    await new Promise((r) => setTimeout(r, 1000))
    clearInterval(sampler)
    const hwm = await readRssMb(relay.pid, 'VmHWM')
    return { peakMb: Math.max(hwm, peakSampled), idleMb, accepted, curve }
  } finally {
    await relay.stop()
    await rm(dir, { recursive: true, force: true })
  }
}

async function main(): Promise<void> {
  // In its own process: receiving forwarded mail never delays the timing of the senders here.
  const server = await startExchangePeer({ [MAILBOX]: TOKEN, [POSTFIX_USER]: POSTFIX_PASS })
  const spool = await mkdtemp(join(os.tmpdir(), 'bench-relay-'))
  const relay = await startRelayChild(spool, server.port, server.caFile)
  const peers: Peer[] = [{ name: 'ScanPath Relay', port: relay.port, from: MAILBOX }]
  let postfix: PostfixPeer | null = null
  let noPeer = ''
  try {
    postfix = await startPostfix({
      listenPort: await freePort(),
      smarthostPort: server.port,
      caFile: server.caFile,
      username: POSTFIX_USER,
      password: POSTFIX_PASS,
    })
    peers.push({ name: `Postfix ${postfix.version}`, port: postfix.port, from: POSTFIX_USER })
  } catch (e) {
    noPeer = e instanceof Error ? e.message : String(e)
  }

  const lines: string[] = []
  const out = (l = '') => {
    lines.push(l)
    console.log(l)
  }
  try {
    // A warm-up message through each, so start-up work (TLS session, sign-in) is not measured.
    for (const p of peers) {
      const id = `<warm-${p.port}@bench>`
      await pooledSender(p.port, 1).sendMail({
        envelope: { from: p.from, to: ['office@contoso.example'] },
        raw: smallMessage(p.from, id),
      })
      await until(
        `${p.name} warm-up delivery`,
        (f) => f.messageIds.includes(id),
        server,
        60_000,
      ).catch(async (e: unknown) => {
        if (postfix && p.port === postfix.port) console.error(await postfix.log())
        throw e
      })
    }
    const lat = await acceptLatency(peers)
    const tput = new Map<string, number>()
    for (const [k, p] of peers.entries())
      tput.set(p.name, await forwardThroughput(p, server, `tp${k}`))
    // How each peer reached the server: the mechanism, and whether AUTH came only after TLS.
    const { sessions } = await server.received()
    const hop = (mech: string) => {
      const ss = sessions.filter((x) => x.auth === mech)
      const clear = ss.some((x) => x.authBeforeTls)
      const protos = [...new Set(ss.map((x) => x.tls))].join('/')
      return `${ss.length} sessions, AUTH ${mech} over ${protos}${clear ? ' (AUTH BEFORE TLS!)' : ''}`
    }
    const hops = [`relay: ${hop('XOAUTH2')}`, ...(postfix ? [`Postfix: ${hop('LOGIN')}`] : [])]
    await relay.stop()
    await postfix?.stop()
    postfix = null

    const free = await statfs(os.tmpdir())
    const freeBytes = free.bavail * free.bsize
    const need = QUEUED * QUEUED_BYTES * 1.1 + 2 * 1024 * MB
    let scaled = ''
    if (freeBytes < need) {
      const was = QUEUED
      QUEUED = Math.max(10, Math.floor((freeBytes - 2 * 1024 * MB) / (QUEUED_BYTES * 1.1)))
      scaled = ` (scaled down from ${was}: ${(freeBytes / 1024 / MB).toFixed(0)} GB free)`
    }
    console.error(`queuing ${QUEUED} x ${QUEUED_BYTES / MB} MB in a relay child...`)
    const t0 = performance.now()
    const rss = await queuedRss()
    const queueSecs = (performance.now() - t0) / 1000

    const date = new Date().toISOString().slice(0, 19) + 'Z'
    const cpu = os.cpus()[0]?.model ?? 'cpu'
    out(
      `\nRelay benchmark, ${date}, ${os.cpus().length} cores (${cpu}), Node ${process.version}, ${os.type()} ${os.release()}`,
    )
    out(
      `Senders: nodemailer, plaintext on loopback. Forward hop: STARTTLS with the test CA checked, to an Exchange-like server in its own process.`,
    )
    if (noPeer) out(`no peer: ${noPeer}; ScanPath Relay measured alone.`)
    else
      out(
        'Postfix authenticates with AUTH LOGIN and a password (it cannot do XOAUTH2); ' +
          'ScanPath Relay with XOAUTH2 and a fixed token. Same server, same run.',
      )
    out(`Forward hop seen by the server: ${hops.join('; ')}.`)
    out('')
    const relayName = peers[0]!.name
    const pfName = peers[1]?.name
    const ratio = (a: number, b: number | undefined) =>
      b === undefined ? 'no peer' : `${(a / b).toFixed(2)}x`
    const row = (cells: string[]) =>
      out(cells.map((c, i) => (i ? c.padStart(16) : c.padEnd(34))).join(''))
    row(['measure', relayName, pfName ?? 'Postfix', 'relay/postfix', 'verdict'])
    const rl = lat.get(relayName)!
    const pl = pfName ? lat.get(pfName) : undefined
    const verdict = (ok: boolean | undefined) =>
      ok === undefined ? 'no peer' : ok ? 'MET' : 'NOT MET'
    for (const [label, q] of [
      ['accept latency median (ms)', 0.5],
      ['accept latency p95 (ms)', 0.95],
    ] as const) {
      const a = quantile(rl, q)
      const b = pl ? quantile(pl, q) : undefined
      row([
        `${label}, N=${rl.length}`,
        a.toFixed(2),
        b?.toFixed(2) ?? '-',
        ratio(a, b),
        verdict(b === undefined ? undefined : a <= b),
      ])
    }
    // The p95 of each round of LATENCY_ROUND messages: how much one short run can vary.
    const rounds: string[] = []
    for (let i = 0; pl && i + LATENCY_ROUND <= rl.length; i += LATENCY_ROUND) {
      const a = quantile(rl.slice(i, i + LATENCY_ROUND), 0.95)
      const b = quantile(pl.slice(i, i + LATENCY_ROUND), 0.95)
      rounds.push((a / b).toFixed(2))
    }
    const ta = tput.get(relayName)!
    const tb = pfName ? tput.get(pfName) : undefined
    row([
      `forward throughput (msg/s), N=${N}`,
      ta.toFixed(1),
      tb?.toFixed(1) ?? '-',
      ratio(ta, tb),
      verdict(tb === undefined ? undefined : ta >= tb),
    ])
    row([
      `relay peak RSS, ${rss.accepted} x ${QUEUED_BYTES / MB} MB queued (MB)`,
      rss.peakMb.toFixed(1),
      '-',
      `target ${RSS_TARGET_MB}`,
      rss.peakMb < RSS_TARGET_MB && rss.accepted === QUEUED ? 'MET' : 'NOT MET',
    ])
    out('')
    out(
      `Notes: accept latency is from the last byte of DATA ("\\r\\n.\\r\\n") to the reply, one ` +
        `message at a time on its own connection, peers interleaved; the p95 ratio of each ` +
        `round of ${LATENCY_ROUND}: ${rounds.join(', ') || 'no peer'}. Throughput: ${N} messages ` +
        `over ${CONNECTIONS} connections, first 250 to the server holding all ${N}; pacing off ` +
        `(relay pacing:false; Postfix smtp_destination_rate_delay=0, default concurrency). RSS: ` +
        `relay child (the relay bundled, plain Node), outbound down, idle ${rss.idleMb.toFixed(1)} MB, peak = max(VmHWM, 100 ms ` +
        `samples of VmRSS); ${rss.accepted}/${QUEUED} accepted${scaled} in ${queueSecs.toFixed(0)} s. ` +
        `RSS while queuing (queued: RSS): ${rss.curve.join(', ')}. ` +
        'Postfix RSS is not compared (it is many processes).',
    )
  } finally {
    await relay.stop().catch(() => undefined)
    await postfix?.stop()
    await server.close()
    await rm(spool, { recursive: true, force: true })
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e)
    process.exit(1)
  },
)
