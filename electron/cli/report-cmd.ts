/**
 * `scanpath report JOB_ID`: a saved job's report as PDF and/or JSON, under plain Node.
 *
 * The jobs folder must be named: `--data-dir DIR`, else the SCANPATH_DATA_DIR environment
 * variable. The app keeps its jobs in `<userData>/jobs` (Electron's userData: on Linux
 * ~/.config/ScanPath/jobs, on macOS ~/Library/Application Support/ScanPath/jobs, on Windows
 * %APPDATA%\ScanPath\jobs; "scanpath" instead of "ScanPath" when run from a checkout). The CLI does
 * not guess it: without Electron it cannot know the folder, and a wrong guess would silently
 * report on another set of jobs (or create an empty folder).
 */
import { stat, writeFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'

import { buildReport } from '../../shared/report/report-model'
import { renderReportPdf } from '../report/pdf'
import { createJobService } from '../services/job-service'
import packageJson from '../../package.json'

export const REPORT_USAGE = `Usage: scanpath report JOB_ID [--data-dir DIR] [--pdf FILE] [--json FILE]

Makes the report of a saved job: verdict, customer, site and device, the method and why, the
settings for the device, the site checks and their timing, the tenant admin's SPF record and
connector settings, the checklist with notes, the Exchange Online replies explained, and what is
still open. Never a password.

Options:
  --data-dir DIR   the jobs folder (default: $SCANPATH_DATA_DIR). The app keeps its jobs in
                   <userData>/jobs, e.g. ~/.config/ScanPath/jobs on Linux
  --pdf FILE       write the PDF report to FILE
  --json FILE      write the JSON report to FILE ("-" for standard output)
  -h, --help       show this help

With neither --pdf nor --json, the JSON report is printed on standard output.
Exit status: 0 when written, 1 when the job cannot be read or a file cannot be written,
2 for a usage error.`

export type ReportCommand =
  | { kind: 'report'; jobId: string; dataDir: string; pdf: string | null; json: string | null }
  | { kind: 'report-help' }
  | { kind: 'usage-error'; message: string }

/**
 * Parses the arguments after (or including) the `report` verb. `env` is passed in so tests need
 * not touch process.env.
 */
export function parseReportCommand(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>> = process.env,
): ReportCommand {
  const args = argv[0] === 'report' ? argv.slice(1) : [...argv]
  let parsed
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        'data-dir': { type: 'string' },
        pdf: { type: 'string' },
        json: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    })
  } catch (e) {
    return { kind: 'usage-error', message: e instanceof Error ? e.message : String(e) }
  }
  const { values, positionals } = parsed
  if (values.help) return { kind: 'report-help' }
  const [jobId, ...extra] = positionals
  if (!jobId) return { kind: 'usage-error', message: 'missing JOB_ID: scanpath report JOB_ID' }
  if (extra.length > 0) return { kind: 'usage-error', message: `unexpected argument "${extra[0]}"` }
  const dataDir = values['data-dir'] ?? env['SCANPATH_DATA_DIR'] ?? ''
  if (dataDir.trim() === '')
    return {
      kind: 'usage-error',
      message:
        'no jobs folder: give --data-dir DIR or set SCANPATH_DATA_DIR (the app keeps its jobs in <userData>/jobs, e.g. ~/.config/ScanPath/jobs on Linux)',
    }
  for (const flag of ['pdf', 'json'] as const)
    if (values[flag] !== undefined && values[flag].trim() === '')
      return { kind: 'usage-error', message: `--${flag} needs a file name` }
  return {
    kind: 'report',
    jobId,
    dataDir: resolve(dataDir),
    pdf: values.pdf ?? null,
    json: values.json ?? null,
  }
}

export interface ReportIo {
  stdout: (text: string) => void
  stderr: (text: string) => void
  /** The time the report is stamped with (tests pass a fixed one). */
  now: () => Date
}

const defaultIo: ReportIo = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  now: () => new Date(),
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e)
}

/** Runs a parsed `report` command; returns the exit status. */
export async function runReportCommand(
  cmd: ReportCommand,
  io: ReportIo = defaultIo,
): Promise<number> {
  switch (cmd.kind) {
    case 'report-help':
      io.stdout(`${REPORT_USAGE}\n`)
      return 0
    case 'usage-error':
      io.stderr(`scanpath: ${cmd.message}\n\n${REPORT_USAGE}\n`)
      return 2
    case 'report':
      break
  }
  // createJobService makes a missing folder: a typo must be an error here, not an empty folder.
  const isDir = await stat(cmd.dataDir).then(
    (s) => s.isDirectory(),
    () => false,
  )
  if (!isDir) {
    io.stderr(`scanpath: the jobs folder ${cmd.dataDir} does not exist\n`)
    return 1
  }
  let job
  try {
    const jobs = await createJobService({ dataDir: cmd.dataDir })
    job = await jobs.get(cmd.jobId)
  } catch (e) {
    io.stderr(`scanpath: cannot read job ${cmd.jobId} in ${cmd.dataDir}: ${message(e)}\n`)
    return 1
  }
  const report = buildReport(job, {
    generatedAt: io.now().toISOString(),
    appVersion: packageJson.version,
  })
  const json = `${JSON.stringify(report, null, 2)}\n`
  try {
    if (cmd.pdf) {
      await writeFile(cmd.pdf, await renderReportPdf(report))
      io.stderr(`Wrote ${cmd.pdf}\n`)
    }
    if (cmd.json === '-' || (!cmd.json && !cmd.pdf)) io.stdout(json)
    else if (cmd.json) {
      await writeFile(cmd.json, json, 'utf8')
      io.stderr(`Wrote ${cmd.json}\n`)
    }
  } catch (e) {
    io.stderr(`scanpath: cannot write the report: ${message(e)}\n`)
    return 1
  }
  io.stderr(`Verdict: ${report.verdict.headline}\n`)
  return 0
}
