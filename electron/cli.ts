/**
 * `scanpath`: the site checks under plain Node, no Electron. Same runner, same results as the
 * app's "Site checks" screen.
 */
import { randomUUID } from 'node:crypto'

import { parseCli, USAGE } from './cli/args'
import { formatReport, toJsonReport } from './cli/format'
import { runDiagnose } from './probes/runner'

export async function main(argv: string[]): Promise<number> {
  const cmd = parseCli(argv)
  switch (cmd.kind) {
    case 'help':
      process.stdout.write(`${USAGE}\n`)
      return 0
    case 'usage-error':
      process.stderr.write(`scanpath: ${cmd.message}\n\n${USAGE}\n`)
      return 2
    case 'diagnose': {
      const controller = new AbortController()
      const onSigint = () => controller.abort()
      process.once('SIGINT', onSigint)
      const interactive = !cmd.json && process.stderr.isTTY
      try {
        const report = await runDiagnose(cmd.options, {
          runId: randomUUID(),
          signal: controller.signal,
          onProgress: (p) => {
            if (interactive && p.kind === 'started') {
              process.stderr.write(`Running ${p.checks.length} checks from this network…\n`)
            }
          },
        })
        if (cmd.json) {
          process.stdout.write(`${JSON.stringify(toJsonReport(report), null, 2)}\n`)
        } else {
          const width = Math.max(80, Math.min(process.stdout.columns ?? 110, 160))
          const color = Boolean(process.stdout.isTTY) && !process.env['NO_COLOR']
          process.stdout.write(`${formatReport(report, { width, color })}\n`)
        }
        if (report.cancelled) return 130
        return report.summary.fail > 0 ? 1 : 0
      } finally {
        process.off('SIGINT', onSigint)
      }
    }
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  (e: unknown) => {
    process.stderr.write(
      `scanpath: internal error: ${e instanceof Error ? e.message : String(e)}\n`,
    )
    process.exitCode = 1
  },
)
