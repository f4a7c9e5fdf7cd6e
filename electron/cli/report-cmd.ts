/**
 * `scanpath report JOB_ID`: a saved job's report as PDF and/or JSON, under plain Node.
 *
 * The folder must be named: `--data-dir DIR`, else the SCANPATH_DATA_DIR environment variable.
 * Either the app's data folder (Electron's userData: on Linux ~/.config/ScanPath, on macOS
 * ~/Library/Application Support/ScanPath, on Windows %APPDATA%\ScanPath; "scanpath" instead of
 * "ScanPath" when run from a checkout) or its `jobs/` folder; which one was used is said on
 * stderr. The CLI does not guess it: without Electron it cannot know the folder, and a wrong
 * guess would silently report on another set of jobs.
 *
 * Read only: the app may be running on the same folder, so this never goes through the app's
 * start-up load (which cleans temp files, quarantines and rewrites). It reads the one job file
 * (readJobFile: a regular file, bounded, never a blocking open, never a link out of the folder)
 * and creates, moves, renames or deletes nothing; a problem with the file is said in one line.
 */
import { readdir, stat, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'

import { displayJson, displayText } from '../../shared/display-text'
import { buildReport } from '../../shared/report/build-report'
import { renderReportPdf } from '../report/report-pdf'
import { JOB_FILE, JOB_ID, readJobFile } from '../services/job-service'
import packageJson from '../../package.json'
import { parseFlags, usageErrorText } from './parse-flags'

export const REPORT_USAGE = `Usage: scanpath report JOB_ID [--data-dir DIR] [--pdf FILE] [--json FILE]

Makes the report of a saved job: verdict, customer, site and device, the method and why, the
settings for the device, the site checks and their timing, the tenant admin's SPF record and
connector settings, the checklist with notes, the Exchange Online replies explained, and what is
still open. Never a password.

Options:
  --data-dir DIR   the data folder (as the About screen shows it, e.g. ~/.config/ScanPath on
                   Linux) or its jobs/ folder (default: $SCANPATH_DATA_DIR). Only read
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
  const parsed = parseFlags(args, {
    'data-dir': { type: 'string' },
    pdf: { type: 'string' },
    json: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  })
  if (!parsed.ok) return { kind: 'usage-error', message: parsed.message }
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
        'no data folder: give --data-dir DIR (the data folder the About screen shows, e.g. ~/.config/ScanPath on Linux, or its jobs/ folder) or set SCANPATH_DATA_DIR',
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

/** What marks a ScanPath data folder besides jobs/ (one that has no job yet). */
const DATA_FOLDER_ENTRIES = new Set(['profiles.json', 'outbox', 'logs'])

const GIVE_FOLDER = 'give the data folder (the About screen shows it) or its jobs/ folder'

/**
 * The jobs folder to read: `<dir>/jobs` when `dir` is the data folder, else `dir` itself. Only
 * looks (stat, readdir); creates nothing, so a typo is an error, not a new empty folder.
 */
async function findJobsFolder(
  dir: string,
): Promise<{ jobsDir: string; note: string } | { error: string }> {
  let st
  try {
    st = await stat(dir)
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? String(e)
    if (code === 'ENOENT') return { error: `the folder ${dir} does not exist` }
    if (code === 'ENOTDIR')
      return { error: `the folder ${dir} does not exist: part of that path is a file` }
    if (code === 'EACCES' || code === 'EPERM')
      return { error: `cannot open the folder ${dir}: permission denied (${code})` }
    return { error: `cannot open the folder ${dir} (${code})` }
  }
  if (st.isFile()) return { error: `${dir} is a file, not a folder: ${GIVE_FOLDER}` }
  if (!st.isDirectory()) return { error: `${dir} is not a folder: ${GIVE_FOLDER}` }
  const jobs = join(dir, 'jobs')
  const inner = await stat(jobs).catch(() => null)
  if (inner?.isDirectory()) {
    return { jobsDir: jobs, note: `Jobs folder: ${jobs} (the jobs/ folder of the data folder)` }
  }
  if (inner) return { error: `${jobs} is not a folder: ${GIVE_FOLDER}` }
  const names = await readdir(dir).catch(() => [])
  if (names.some((n) => DATA_FOLDER_ENTRIES.has(n))) {
    return {
      error: `${dir} is a ScanPath data folder with no jobs/ folder: no job has been saved there yet`,
    }
  }
  return { jobsDir: dir, note: `Jobs folder: ${dir}` }
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
      io.stderr(usageErrorText(cmd.message, 'report'))
      return 2
    case 'report':
      break
  }
  // One line, whatever the file held (a zod message can quote a value from it).
  const fail = (line: string) => {
    io.stderr(`scanpath: ${displayText(line)}\n`)
    return 1
  }
  const folder = await findJobsFolder(cmd.dataDir)
  if ('error' in folder) return fail(folder.error)
  io.stderr(`${displayText(folder.note)}\n`)
  const id = cmd.jobId
  // Never a path: `../x` or `a/b` could reach outside the jobs folder.
  if (!JOB_ID.test(id)) {
    return fail(`cannot read job ${id}: a job ID is 8 to 64 letters, digits and dashes`)
  }
  const file = join(folder.jobsDir, `${id}.json`)
  const read = await readJobFile(folder.jobsDir, id)
  if (read.kind === 'missing') {
    const names = await readdir(folder.jobsDir).catch(() => [])
    const count = names.filter((n) => JOB_FILE.test(n)).length
    const holds =
      count === 0
        ? 'it holds no job file: is it the right folder?'
        : `it holds ${count} job file${count === 1 ? '' : 's'}`
    return fail(`cannot read job ${id}: there is no such job in ${folder.jobsDir} (${holds})`)
  }
  if (read.kind === 'newer') {
    return fail(
      `job ${id} ${read.reason}: update ScanPath on this computer to report it. File: ${file}`,
    )
  }
  if (read.kind === 'corrupt') {
    return fail(
      `job ${id} ${read.reason}; the app will set it aside and keep the rest. File: ${file}`,
    )
  }
  const job = read.value
  const report = buildReport(job, {
    generatedAt: io.now().toISOString(),
    appVersion: packageJson.version,
  })
  // The report holds what servers and devices sent (replies, EHLO names): the one JSON writer.
  const json = `${displayJson(report, 2)}\n`
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
