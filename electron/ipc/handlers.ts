/**
 * The one handler table behind every invoke channel. Both transports (Electron IPC and the browser
 * test host) call these same functions with already-validated requests. Results main measures
 * for a job (a site-check report, capture sessions) go into that job here, and the renderer hears
 * of them as events: they never travel back from the renderer.
 */
import { catalogSourceUrls } from '../../shared/catalog'
import { checkExternalUrl } from '../../shared/external-url'
import type { DnsSdBrowseResult, PrinterIdentity } from '../../shared/discovery-types'
import type { SupportService } from '../services/support-service'
import { finishedCaptureRecords } from '../../shared/capture-record'
import type { CaptureStatus } from '../../shared/capture-types'
import type { JobMeasured } from '../../shared/job-types'
import type { VerifyResult } from '../../shared/probe-types'
import type { JobService } from '../services/job-service'
import type { ProfileService } from '../services/profile-service'
import type { Outbox } from '../mail/outbox'
import type { OnlineService } from '../services/online-service'
import type { ReportService } from '../services/report-service'
import type { CaptureService } from '../services/capture-service'
import type { VerifyService } from '../services/verify-service'
import type { RelayWatchService } from '../services/relay-watch-service'
import type { ProbeService } from '../services/probe-service'
import type { HandlerContext, HandlerTable } from './dispatch'

export interface AppServices {
  probes: ProbeService
  jobs: JobService
  /** Mailbox profiles and the Verify check (optional: a test host may run without them). */
  profiles?: ProfileService
  verify?: VerifyService
  /** Reports, the office outbox and the online indicator (optional for the same reason). */
  reports?: ReportService
  outbox?: Outbox
  online?: OnlineService
  /** Capture mode and printer discovery (optional for the same reason). */
  capture?: CaptureService
  identify?: (host: string, ippPort?: number) => Promise<PrinterIdentity>
  /** DNS-SD browse on the laptop's networks for about `timeoutMs`. */
  browse?: (timeoutMs: number) => Promise<DnsSdBrowseResult>
  /** Writes the clipboard (Electron's clipboard in the app; the test host records it). */
  writeClipboard?: (text: string) => void
  /** Watching the job's site relay from Verify (optional for the same reason). */
  relayWatch?: RelayWatchService
  /** About, diagnostics and the log file (optional: the test host may run without them). */
  support?: SupportService
  /** Opens an https URL in the user's browser (Electron's shell.openExternal in the app). */
  openExternal: (url: string) => Promise<void>
}

function need<T>(service: T | undefined, what: string): T {
  // `what` is singular or plural ("capture mode", "reports"): the sentence reads for both.
  if (!service) throw new Error(`Not available here: ${what}.`)
  return service
}

/**
 * Keeps a capture's finished sessions in its job as they end, one change at a time, and tells the
 * renderer each time the job gained some.
 */
function capturesIntoJob(jobs: JobService, jobId: string, tell: (m: JobMeasured) => void) {
  let turn: Promise<void> = Promise.resolve()
  return (status: CaptureStatus) => {
    const records = finishedCaptureRecords(status.sessions)
    if (records.length === 0) return
    turn = turn
      .then(() => jobs.recordCaptures(jobId, records))
      .then(
        (measured) => {
          if (measured) tell(measured)
        },
        // Only an unknown job throws, and the job was there when the capture started.
        () => {},
      )
  }
}

export function createHandlers(services: AppServices): HandlerTable {
  // OAuth sign-ins in progress, by profile, so the renderer's Cancel stops main's polling too.
  const signIns = new Map<string, AbortController>()
  // The catalogue's vendor documents open from their source buttons (exact addresses only).
  const cited = catalogSourceUrls()
  /** A Verify test for a job (the wizard's Verify step): its outcome goes into that job. */
  const verifyForJob = async (
    jobId: string | undefined,
    ctx: HandlerContext,
    test: () => Promise<VerifyResult>,
  ): Promise<VerifyResult> => {
    if (jobId !== undefined) await services.jobs.get(jobId)
    const result = await test()
    if (jobId !== undefined) {
      const outcome = { passed: result.status === 'pass', text: result.explanation }
      ctx.emit('jobs:measured', await services.jobs.recordVerify(jobId, outcome))
    }
    return result
  }
  return {
    'probes:run': async (req, ctx) => {
      // A run for a job (the wizard's Site checks step): its report goes into that job.
      if (req.jobId !== undefined) await services.jobs.get(req.jobId)
      const report = await services.probes.run(req.runId, req.options, (p) =>
        ctx.emit('probes:progress', p),
      )
      if (req.jobId !== undefined)
        ctx.emit('jobs:measured', await services.jobs.recordReport(req.jobId, report))
      return report
    },
    'probes:cancel': async (req) => ({ cancelled: services.probes.cancel(req.runId) }),
    'app:open-external': async (req) => {
      const checked = checkExternalUrl(req.url, cited)
      if (!checked.ok) throw new Error(`link not opened: ${checked.reason}`)
      await services.openExternal(checked.url)
      return { opened: true }
    },
    'jobs:list': () => services.jobs.list(),
    'jobs:create': () => services.jobs.create(),
    'jobs:get': (req) => services.jobs.get(req.id),
    'jobs:save': (req) => services.jobs.save(req.job),
    'profiles:list': async () => {
      const p = need(services.profiles, 'mailbox profiles')
      return { profiles: await p.list(), storage: await p.storage() }
    },
    'profiles:save': (req) => need(services.profiles, 'mailbox profiles').save(req.profile),
    'profiles:delete': async (req) => ({
      deleted: await need(services.profiles, 'mailbox profiles').delete(req.id),
    }),
    'profiles:set-secret': (req) =>
      need(services.profiles, 'mailbox profiles').setSecret(req.id, req.secret),
    'profiles:forget-secret': (req) =>
      need(services.profiles, 'mailbox profiles').forgetSecret(req.id),
    'profiles:oauth-sign-in': async (req, ctx) => {
      const profiles = need(services.profiles, 'mailbox profiles')
      signIns.get(req.id)?.abort()
      const controller = new AbortController()
      signIns.set(req.id, controller)
      try {
        return await profiles.oauthSignIn(
          req.id,
          (prompt) => ctx.emit('profiles:oauth-prompt', prompt),
          controller.signal,
        )
      } finally {
        if (signIns.get(req.id) === controller) signIns.delete(req.id)
      }
    },
    'profiles:oauth-cancel': async (req) => {
      const controller = signIns.get(req.id)
      controller?.abort()
      return { cancelled: controller !== undefined }
    },
    'report:build': (req) => need(services.reports, 'reports').build(req.jobId),
    'report:pdf': (req) => need(services.reports, 'reports').pdf(req.jobId),
    'report:checklist-pdf': (req) => need(services.reports, 'reports').checklistPdf(req.jobId),
    'outbox:enqueue': (req) => need(services.reports, 'reports').sendToOffice(req),
    'outbox:list': () => need(services.outbox, 'the office outbox').list(),
    'outbox:retry': (req) => need(services.outbox, 'the office outbox').retryNow(req.id),
    'app:online': () => need(services.online, 'the online check').status(),
    'capture:start': async ({ jobId, ...listen }, ctx) => {
      const capture = need(services.capture, 'capture mode')
      // A capture for a job (the wizard's Verify step): its finished sessions go into that job.
      if (jobId !== undefined) await services.jobs.get(jobId)
      const keep =
        jobId === undefined
          ? null
          : capturesIntoJob(services.jobs, jobId, (m) => ctx.emit('jobs:measured', m))
      return capture.start(listen, (status) => {
        ctx.emit('capture:changed', status)
        keep?.(status)
      })
    },
    'capture:status': async () => need(services.capture, 'capture mode').status(),
    'capture:stop': () => need(services.capture, 'capture mode').stop(),
    'discovery:identify': (req) =>
      need(services.identify, 'printer discovery')(req.host, req.ippPort),
    'discovery:browse': (req) => need(services.browse, 'printer listing')(req.timeoutS * 1000),
    'app:about': async () => need(services.support, 'support tools').about(),
    'app:copy-diagnostics': () => need(services.support, 'support tools').copyDiagnostics(),
    'app:show-log': async () => {
      await need(services.support, 'support tools').showLogFile()
      return { shown: true as const }
    },
    'app:copy-text': async (req) => {
      need(services.writeClipboard, 'the clipboard')(req.text)
      return { copied: true as const }
    },
    'app:store-problems': async () => [
      ...(await services.jobs.problems()),
      ...((await services.profiles?.problems()) ?? []),
    ],
    'verify:run': ({ jobId, ...req }, ctx) =>
      verifyForJob(jobId, ctx, () =>
        need(services.verify, 'the Verify check').run({
          profileId: req.profileId,
          sendTo: req.sendTo,
          timeoutMs: req.timeoutMs,
        }),
      ),
    'verify:mx-send': ({ jobId, ...req }, ctx) =>
      verifyForJob(jobId, ctx, () => need(services.verify, 'the Verify check').mxSend(req)),
    // The relay's address comes from the job main holds, never from the renderer; its outcome
    // goes into that job (`jobs:measured`), the code only into the keychain.
    'relayWatch:start': (req, ctx) =>
      need(services.relayWatch, 'watching the relay').start(req, {
        changed: (view) => ctx.emit('relayWatch:changed', view),
        measured: (m) => ctx.emit('jobs:measured', m),
      }),
    'relayWatch:stop': async (req) =>
      need(services.relayWatch, 'watching the relay').stop(req.jobId),
    'relayWatch:status': (req) =>
      need(services.relayWatch, 'watching the relay').status(req.jobId, req.port),
  }
}
