/**
 * "Copy diagnostics": a plain-text bundle a technician pastes into a support ticket. It says what
 * the app is and runs on, where its files are, the state of mailbox profiles, outbox and stores,
 * and the end of the support log — with secrets redacted, e-mail addresses masked to their
 * domain and the home folder shown as `~`. Each section is gathered with a time limit, so a
 * locked keychain or a slow disk leaves a note in the bundle instead of a hang.
 */
import type { AboutInfo } from '../../shared/support-types'
import type { OutboxView } from '../../shared/outbox-types'
import type { MailboxProfileView, SecretStorageStatus } from '../../shared/profile-types'
import type { StoreProblem } from '../../shared/store-problem'
import { maskEmail, maskEmails, redactSecrets } from './redact'

export interface DiagnosticsSources {
  about(): AboutInfo
  storage?(): Promise<SecretStorageStatus>
  profiles?(): Promise<MailboxProfileView[]>
  outbox?(): Promise<OutboxView[]>
  online?(): Promise<{ online: boolean; checkedAt: string }>
  jobCount?(): Promise<number>
  storeProblems?(): Promise<StoreProblem[]>
  logTail?(maxLines: number): Promise<string[]>
  /** Replaced by `~` wherever it appears (the user's name is often in it). */
  homeDir: string
  now?: () => Date
}

export const LOG_TAIL_LINES = 200
/** The whole bundle stays pasteable: past this, the log tail is cut from the top. */
export const MAX_BUNDLE_CHARS = 64 * 1024
const SECTION_TIMEOUT_MS = 3000

async function within<T>(what: string, get: (() => Promise<T>) | undefined): Promise<T | string> {
  if (!get) return `${what}: not available in this build`
  let timer: NodeJS.Timeout | undefined
  try {
    return await Promise.race([
      get(),
      new Promise<string>((resolve) => {
        timer = setTimeout(
          () => resolve(`${what}: no answer within ${SECTION_TIMEOUT_MS / 1000} s`),
          SECTION_TIMEOUT_MS,
        )
      }),
    ])
  } catch (e) {
    return `${what}: ${e instanceof Error ? e.message : String(e)}`
  } finally {
    clearTimeout(timer)
  }
}

export async function buildDiagnostics(src: DiagnosticsSources): Promise<string> {
  const [storage, profiles, outbox, online, jobCount, problems, tail] = await Promise.all([
    within('Keychain', src.storage),
    within('Profiles', src.profiles),
    within('Outbox', src.outbox),
    within('Online check', src.online),
    within('Jobs', src.jobCount),
    within('Stores', src.storeProblems),
    within('Log', src.logTail ? () => src.logTail!(LOG_TAIL_LINES) : undefined),
  ])
  const a = src.about()
  const out: string[] = []
  const section = (title: string) => out.push('', `## ${title}`)

  out.push(`# ScanPath diagnostics — ${(src.now ?? (() => new Date()))().toISOString()}`)
  out.push(
    'Secrets are never included; e-mail addresses are shortened to their domain.',
    '',
    `ScanPath ${a.version}${a.packaged ? '' : ' (development build)'}`,
    `Electron ${a.versions.electron}, Chromium ${a.versions.chrome}, Node.js ${a.versions.node}`,
    `OS: ${a.os}`,
    `Locale: ${a.locale}`,
  )

  section('Files')
  out.push(`Data folder: ${a.dataDir}`, `Log file: ${a.logFile}`)

  section('Mailbox profiles')
  out.push(
    typeof storage === 'string'
      ? storage
      : storage.kind === 'keychain'
        ? 'Secrets: OS keychain'
        : `Secrets: this session only (${storage.reason})`,
  )
  if (typeof profiles === 'string') out.push(profiles)
  else if (profiles.length === 0) out.push('No profiles.')
  else
    for (const p of profiles)
      out.push(
        `- ${p.name} [${p.purpose}] ${p.method} ${p.host}:${p.port} as ${maskEmail(p.username)}; ${p.hasSecret ? 'secret stored' : 'no secret stored'}`,
      )

  section('Outbox')
  if (typeof outbox === 'string') out.push(outbox)
  else if (outbox.length === 0) out.push('Empty.')
  else
    for (const e of outbox)
      out.push(
        `- ${e.createdAt} ${e.state}, ${e.attempts} attempt(s) to ${maskEmail(e.to)}${e.lastError ? `; last error: ${e.lastError.reply ? `${e.lastError.reply.code} ` : ''}${e.lastError.explanation}` : ''}`,
      )

  section('Status')
  out.push(
    typeof online === 'string'
      ? online
      : `Online: ${online.online ? 'yes' : 'no'} (checked ${online.checkedAt})`,
  )
  out.push(typeof jobCount === 'string' ? jobCount : `Jobs: ${jobCount}`)
  if (typeof problems === 'string') out.push(problems)
  else if (problems.length === 0) out.push('Stores: all files loaded.')
  else for (const p of problems) out.push(`- Store problem: ${p.message}`)

  section(`Support log (last ${LOG_TAIL_LINES} lines)`)
  const head = clean(out.join('\n'), src.homeDir)
  let logLines = typeof tail === 'string' ? [tail] : tail.map((l) => clean(l, src.homeDir))
  let body = logLines.join('\n')
  while (head.length + body.length + 2 > MAX_BUNDLE_CHARS && logLines.length > 1) {
    logLines = logLines.slice(Math.ceil(logLines.length / 4))
    body = `[earlier lines cut]\n${logLines.join('\n')}`
  }
  return `${head}\n${body.slice(-Math.max(0, MAX_BUNDLE_CHARS - head.length - 2))}\n`
}

function clean(text: string, homeDir: string): string {
  let t = maskEmails(redactSecrets(text))
  if (homeDir.length > 1) t = t.split(homeDir).join('~')
  return t
}
