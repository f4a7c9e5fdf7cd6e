/**
 * STARTTLS benchmark: ScanPath's SMTP probe against swaks and nodemailer's verify(), all talking
 * to the same local STARTTLS server through a proxy that adds 25 ms each way. The numbers are
 * ratios to peers measured in the same run (docs/ARCHITECTURE.md, "Testing"), never assertions.
 *
 * Every tool stops at the same point: the EHLO reply received over TLS. Only loopback is used,
 * and the script ends itself (a hard cap stops it if something hangs).
 */
import { execFile, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import os from 'node:os'
import { promisify } from 'node:util'

import { createTransport } from 'nodemailer'

import { runSmtpSession } from '../electron/probes/smtp-session'
import { startDelayProxy } from '../test/helpers/delay-proxy'
import { startScenarioServer } from '../test/helpers/scenario-smtp-server'
import { createTestPki } from '../test/helpers/test-pki'

const DELAY_MS = 25
const WARMUPS = 2
const RUNS = 15
const EHLO_NAME = 'bench.scanpath.test'
const RUN_TIMEOUT_MS = 10_000
const HARD_CAP_MS = 110_000

interface Tool {
  name: string
  /** Resolves with the wall time in milliseconds; throws if the tool did not reach the stop point. */
  run(port: number): Promise<number>
}

interface ToolStats {
  name: string
  /** Through the proxy with DELAY_MS each way: the numbers that are compared. */
  delayed: number[]
  /** Through a 0 ms proxy: the tool's own fixed cost plus the server's (see README note). */
  direct: number[]
}

const median = (xs: number[]) => quantile(xs, 0.5)

// Nearest-rank quantile: with N = 15 it picks a real sample instead of inventing one.
function quantile(xs: number[], q: number): number {
  const sorted = [...xs].sort((a, b) => a - b)
  const rank = Math.max(1, Math.ceil(q * sorted.length))
  return sorted[rank - 1] ?? NaN
}

const fmt = (ms: number) => `${ms.toFixed(1)} ms`

function swaksVersion(): Promise<string> {
  return promisify(execFile)('swaks', ['--version']).then(
    ({ stdout }) => /version\s+(\S+)/.exec(stdout)?.[1] ?? 'unknown',
    () => 'not installed',
  )
}

function nodemailerVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync('node_modules/nodemailer/package.json', 'utf8')) as {
      version: string
    }
    return pkg.version
  } catch {
    return 'unknown'
  }
}

/** swaks as a user runs it: process start-up is part of what they wait for. */
function runSwaks(port: number): Promise<number> {
  const args = [
    '--server',
    `127.0.0.1:${port}`,
    '--tls',
    // In a STARTTLS session EHLO means "after the second EHLO", i.e. the one over TLS
    // (FIRST-EHLO would stop before TLS). No --tls-verify: swaks does not check the certificate.
    '--quit-after',
    'EHLO',
    '--ehlo',
    EHLO_NAME,
    // Given so swaks neither prompts for a recipient nor looks up the local host name.
    '--to',
    'bench@localhost',
    '--from',
    'bench@localhost',
    '--timeout',
    String(RUN_TIMEOUT_MS / 1000),
  ]
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const child = spawn('swaks', args, { stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    child.stderr.on('data', (d: Buffer) => (out += d.toString()))
    const killer = setTimeout(() => child.kill('SIGKILL'), RUN_TIMEOUT_MS + 2000)
    child.on('error', (err) => {
      clearTimeout(killer)
      reject(err)
    })
    child.on('close', (code) => {
      clearTimeout(killer)
      const ms = performance.now() - started
      // The EHLO over TLS shows as `~>` (sent inside TLS); without it swaks stopped early.
      if (code === 0 && out.includes('=== TLS started') && /^ ~> EHLO /m.test(out)) resolve(ms)
      else reject(new Error(`swaks exited ${code}:\n${out}`))
    })
  })
}

async function main(): Promise<void> {
  const hardCap = setTimeout(() => {
    console.error(`bench: still running after ${HARD_CAP_MS / 1000} s, giving up`)
    process.exit(1)
  }, HARD_CAP_MS)
  hardCap.unref()

  const pki = await createTestPki()
  // The Exchange-Online-like scripted server: it greets at once, as Exchange Online does
  // (smtp-server holds its banner back 100 ms to catch early talkers, which would swamp the
  // round-trip comparison).
  const server = await startScenarioServer({ scenario: 'exchange', pki })
  const target = { targetHost: server.host, targetPort: server.port }
  const proxy = await startDelayProxy({ ...target, delayMs: DELAY_MS })
  // Same proxy code with no delay: whatever a tool takes here is not spent on round trips. It
  // separates the server's fixed costs and each tool's CPU from the latency the delay adds.
  const proxy0 = await startDelayProxy({ ...target, delayMs: 0 })

  let tlsProtocol: string | null = null
  let recordPhases = false
  const phaseSamples = new Map<string, number[]>()

  const scanpath: Tool = {
    name: 'ScanPath probe',
    async run(port) {
      const started = performance.now()
      const outcome = await runSmtpSession(
        {
          host: 'localhost',
          port,
          quitAfter: 'ehlo-tls',
          ehloName: EHLO_NAME,
          timeoutMs: RUN_TIMEOUT_MS,
        },
        { lookup: async () => [{ address: '127.0.0.1', family: 4 }], extraCa: [pki.ca.cert] },
      )
      const ms = performance.now() - started
      const { data } = outcome
      if (data.failure || data.reached !== 'ehlo-tls') {
        throw new Error(`ScanPath probe stopped early: ${JSON.stringify(data.failure)}`)
      }
      if (!data.tls?.verified) throw new Error(`certificate not verified: ${data.tls?.verifyError}`)
      tlsProtocol = data.tls.protocol
      if (recordPhases) {
        for (const p of outcome.phases) {
          const list = phaseSamples.get(p.name) ?? []
          list.push(p.durationMs)
          phaseSamples.set(p.name, list)
        }
      }
      return ms
    },
  }

  const swaks: Tool = { name: 'swaks', run: (port) => runSwaks(port) }

  const nodemailer: Tool = {
    name: 'nodemailer verify()',
    async run(port) {
      const started = performance.now()
      const transport = createTransport({
        host: '127.0.0.1',
        port,
        secure: false,
        requireTLS: true,
        tls: { ca: [pki.ca.cert], servername: 'localhost' },
        connectionTimeout: RUN_TIMEOUT_MS,
        greetingTimeout: RUN_TIMEOUT_MS,
        socketTimeout: RUN_TIMEOUT_MS,
      })
      try {
        await transport.verify()
        return performance.now() - started
      } finally {
        transport.close()
      }
    },
  }

  const tools = [scanpath, swaks, nodemailer]
  const stats: ToolStats[] = tools.map((t) => ({ name: t.name, delayed: [], direct: [] }))
  const [swaksVer, nodemailerVer] = [await swaksVersion(), nodemailerVersion()]

  try {
    // Interleaved and rotated, so drift on the machine (or the server warming up) and the
    // position within a round fall on every tool alike.
    for (let round = 0; round < WARMUPS + RUNS; round++) {
      const measured = round >= WARMUPS
      for (let k = 0; k < tools.length; k++) {
        const i = (round + k) % tools.length
        const tool = tools[i]!
        const delayedFirst = (round + k) % 2 === 0
        for (const delayed of delayedFirst ? [true, false] : [false, true]) {
          recordPhases = measured && delayed && tool === scanpath
          const ms = await tool.run(delayed ? proxy.port : proxy0.port)
          if (!measured) continue
          if (delayed) stats[i]!.delayed.push(ms)
          else stats[i]!.direct.push(ms)
        }
        recordPhases = false
      }
    }
  } finally {
    await proxy.close()
    await proxy0.close()
    await server.close()
  }

  // Protocol minimum, in one-way delays: banner (1) + EHLO (2) + STARTTLS (2) + TLS handshake
  // (2 per round trip: 1 for TLS 1.3, 2 for TLS 1.2) + EHLO over TLS (2). Connecting to the
  // proxy costs nothing, since it forwards the SYN without delay.
  const handshakeRtts = tlsProtocol === 'TLSv1.2' ? 2 : 1
  const oneWays = 1 + 2 + 2 + 2 * handshakeRtts + 2
  const minimumMs = oneWays * DELAY_MS
  const minimumRtts = oneWays / 2
  const rtt = 2 * DELAY_MS

  const rows = stats.map((st) => {
    // Paired within a round (same tool, back to back), so machine drift cancels out.
    const added = st.delayed.map((ms, j) => ms - (st.direct[j] ?? NaN))
    return {
      name: st.name,
      median: median(st.delayed),
      p90: quantile(st.delayed, 0.9),
      direct: median(st.direct),
      added: median(added),
      ratio: 0,
    }
  })
  const probe = rows[0]!
  for (const r of rows) r.ratio = r.median / probe.median

  const date = new Date().toISOString().slice(0, 10)
  const machine = `${os.cpus().length} cores, Node ${process.version}, ${os.type()} ${os.release()}`

  console.log(
    `\nSTARTTLS to the EHLO over TLS, ${DELAY_MS} ms one-way delay (${rtt} ms RTT), ` +
      `N=${RUNS} after ${WARMUPS} warm-ups, interleaved`,
  )
  console.log(`${date}, ${machine}\n`)
  const w = Math.max(...rows.map((r) => r.name.length))
  const cols = ['median', 'p90', 'vs ScanPath', 'at 0 ms', 'delay adds']
  console.log(`${'tool'.padEnd(w)}${cols.map((c) => c.padStart(13)).join('')}`)
  for (const r of rows) {
    const cells = [
      fmt(r.median),
      fmt(r.p90),
      `${r.ratio.toFixed(2)}x`,
      fmt(r.direct),
      `${(r.added / rtt).toFixed(2)} RTT`,
    ]
    console.log(`${r.name.padEnd(w)}${cells.map((c) => c.padStart(13)).join('')}`)
  }

  const rawRatio = probe.median / minimumMs
  const addedRatio = probe.added / minimumMs
  console.log(`\nScanPath probe round trips (negotiated ${tlsProtocol ?? 'unknown'}):`)
  console.log(
    `  protocol minimum:     ${minimumRtts} RTT = ${oneWays} x ${DELAY_MS} ms = ${minimumMs} ms ` +
      `(banner 0.5 + EHLO 1 + STARTTLS 1 + TLS ${handshakeRtts} + EHLO 1)`,
  )
  console.log(
    `  measured median:      ${fmt(probe.median)} = ${(probe.median / rtt).toFixed(2)} RTT; ` +
      `median / minimum = ${rawRatio.toFixed(3)} (target <= 1.15)`,
  )
  console.log(`  same run at 0 ms:     ${fmt(probe.direct)} (TLS CPU, ` + `probe overhead)`)
  console.log(
    `  added by the delay:   ${fmt(probe.added)} = ${(probe.added / rtt).toFixed(2)} RTT; ` +
      `added / minimum = ${addedRatio.toFixed(3)}`,
  )
  const phaseLine = [...phaseSamples].map(([name, xs]) => `${name} ${median(xs)} ms`).join(', ')
  console.log(`  phase medians:        ${phaseLine}`)
  console.log(
    `\nNotes: "delay adds" is the median of paired differences between a run through the ` +
      `${DELAY_MS} ms proxy and one through a 0 ms proxy. swaks ${swaksVer} is timed as a ` +
      `process (Perl start-up included), waits for the 221 reply to QUIT (one more RTT), and ` +
      `does not verify the certificate (no --tls-verify, no CA given). ScanPath and nodemailer ` +
      `${nodemailerVer} verify against the test CA and do not wait for 221.`,
  )

  const md = [
    '### Performance',
    '',
    `Time to check STARTTLS up to the EHLO reply over TLS, against a local STARTTLS server ` +
      `(the Exchange-like test server) behind a proxy adding ${DELAY_MS} ms each way (${rtt} ms RTT); median and ` +
      `p90 of ${RUNS} interleaved runs after ${WARMUPS} warm-ups. "At 0 ms" is the same through ` +
      `a proxy with no delay; "delay adds" is the difference, in round trips. ` +
      `(\`npm run bench\`, ${date}, ${machine}.)`,
    '',
    '| Tool | Median | p90 | vs ScanPath | At 0 ms | Delay adds |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map((r) => {
      const label =
        r.name === 'swaks'
          ? `swaks ${swaksVer} (process; no cert check; waits for 221)`
          : r.name === 'nodemailer verify()'
            ? `nodemailer ${nodemailerVer} \`verify()\``
            : r.name
      return (
        `| ${label} | ${r.median.toFixed(0)} ms | ${r.p90.toFixed(0)} ms | ` +
        `${r.ratio.toFixed(2)}x | ${r.direct.toFixed(0)} ms | ${(r.added / rtt).toFixed(2)} RTT |`
      )
    }),
    '',
    `The protocol needs at least ${minimumRtts} round trips here (${tlsProtocol ?? 'TLS'}), ` +
      `${minimumMs} ms. ScanPath's median is ${rawRatio.toFixed(2)}x that; the part the delay ` +
      `adds is ${addedRatio.toFixed(2)}x. The rest is fixed cost: TLS handshake CPU and the ` +
      `probe's own work.`,
  ]
  console.log('\n--- Markdown ---\n')
  console.log(md.join('\n'))
  clearTimeout(hardCap)
}

main().then(
  // Sockets closed politely may linger a moment (QUIT grace timers); do not wait for them.
  () => process.exit(0),
  (err: unknown) => {
    console.error(err)
    process.exit(1)
  },
)
