/**
 * The one IPC contract (docs/ARCHITECTURE.md, "The IPC contract"): every invoke channel with its
 * runtime schema, the response types, and the events main pushes to the renderer. Main validates
 * every payload with these schemas; the preload and the test host derive their methods from the
 * same map. Like everything in shared/schemas/, the renderer may import only its types.
 */
import { z } from 'zod'

import { diagnoseOptionsSchema } from './diagnose-options'
import type { CaptureStatus } from '../capture-types'
import type { DnsSdBrowseResult, PrinterIdentity } from '../discovery-types'
import type { AboutInfo, DiagnosticsCopy, MenuCommand } from '../support-types'
import { emailProblem, hostProblem, isIpLiteral } from '../host-syntax'
import { jobEditsSchema } from './job'
import { RELAY_TLS_MODES } from './relay-config'
import { mailboxProfileSchema, profileIdSchema, secretSchema } from './profile'
import type { MailboxProfileView, OAuthPrompt, SecretStorageStatus } from '../profile-types'
import type { Job, JobMeasured, JobSummary } from '../job-types'
import type { OutboxView } from '../outbox-types'
import type { StoreProblem } from '../store-problem'
import type { DiagnoseReport, ProbeProgress, VerifyResult } from '../probe-types'
import type { JobReport } from '../report/report-model'
import type { RelayWatchView } from '../configure/relay-watch'
import { normalizeRelayCode, RELAY_STATUS_PORT } from '../relay-link'

/** Run ids come from the renderer (so progress events can be matched before the run resolves). */
export const runIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9-]{8,64}$/, 'must be 8–64 letters, digits or dashes')

/** An email address, checked as the rest of the app checks one (shared/host-syntax). */
const emailField = () =>
  z
    .string()
    .max(254)
    .superRefine((s, ctx) => {
      const p = emailProblem(s)
      if (p) ctx.addIssue({ code: 'custom', message: p })
    })

/** A host name or IP address, checked as the rest of the app checks one. */
const hostField = () =>
  z
    .string()
    .max(255)
    .superRefine((v, ctx) => {
      const p = hostProblem(v)
      if (p) ctx.addIssue({ code: 'custom', message: p })
    })

/** The switch-back's server: a host name or IP address, null while the job has none. */
const switchBackHost = () =>
  z
    .string()
    .max(253)
    .refine((v) => hostProblem(v) === null, 'must be a host name or IP address')
    .nullable()

/**
 * A relay's pairing code as typed (any case, dashes or spaces), normalised; the message never
 * quotes it (a wrong code is still close to the secret).
 */
const relayCodeField = () =>
  z
    .string()
    .max(64, 'is longer than a relay pairing code')
    .transform((typed, ctx) => {
      const n = normalizeRelayCode(typed)
      if ('code' in n) return n.code
      ctx.addIssue({
        code: 'custom',
        message:
          'is not a relay pairing code: 20 digits and letters, as `scanpath relay pair` shows it on the relay machine',
      })
      return z.NEVER
    })

/** The relay's status link port. */
const statusPortField = () => z.number().int().min(1).max(65535).default(RELAY_STATUS_PORT)

export const requestSchemas = {
  'probes:run': z
    .object({
      runId: runIdSchema,
      /** The job the run is for: main keeps its report in the job and sends `jobs:measured`. */
      jobId: runIdSchema.optional(),
      options: diagnoseOptionsSchema,
    })
    .strict(),
  'probes:cancel': z.object({ runId: runIdSchema }).strict(),
  'app:open-external': z.object({ url: z.string().max(2048) }).strict(),
  'jobs:list': z.object({}).strict(),
  'jobs:create': z.object({}).strict(),
  'jobs:get': z.object({ id: runIdSchema }).strict(),
  /** What the technician typed; main merges it into the job it keeps. */
  'jobs:save': z.object({ job: jobEditsSchema }).strict(),
  'profiles:list': z.object({}).strict(),
  'profiles:save': z.object({ profile: mailboxProfileSchema }).strict(),
  'profiles:delete': z.object({ id: profileIdSchema }).strict(),
  'profiles:set-secret': z.object({ id: profileIdSchema, secret: secretSchema }).strict(),
  'profiles:forget-secret': z.object({ id: profileIdSchema }).strict(),
  'profiles:oauth-sign-in': z.object({ id: profileIdSchema }).strict(),
  'profiles:oauth-cancel': z.object({ id: profileIdSchema }).strict(),
  'report:build': z.object({ jobId: runIdSchema }).strict(),
  'report:pdf': z.object({ jobId: runIdSchema }).strict(),
  'report:checklist-pdf': z.object({ jobId: runIdSchema }).strict(),
  'outbox:enqueue': z
    .object({
      jobId: runIdSchema,
      profileId: profileIdSchema,
      to: emailField(),
    })
    .strict(),
  'outbox:list': z.object({}).strict(),
  'outbox:retry': z.object({ id: z.string().regex(/^[A-Za-z0-9-]{8,64}$/) }).strict(),
  'app:online': z.object({}).strict(),
  'capture:start': z
    .object({
      /** The job the capture is for: main keeps its finished sessions in the job. */
      jobId: runIdSchema.optional(),
      deviceAddress: z
        .string()
        .max(64)
        .refine((v) => isIpLiteral(v), 'must be an IP address')
        .nullable(),
      listenAddress: z
        .string()
        .max(64)
        .refine((v) => isIpLiteral(v), 'must be an IP address')
        .nullable(),
      port: z.number().int().min(1).max(65535),
      tlsPort: z.number().int().min(1).max(65535).nullable(),
      timeoutS: z.number().int().min(10).max(3600),
      /**
       * The job's method and where it sends (shared/configure/plan.ts DeviceTarget): the
       * switch-back values; ScanPath Relay at the site is its own shape (any port, its TLS mode).
       */
      switchBack: z
        .union([
          z
            .object({
              method: z.enum([
                'client-submission-oauth',
                'client-submission-basic',
                'direct-send',
                'smtp-relay',
                'high-volume-email',
              ]),
              host: switchBackHost(),
              port: z.union([z.literal(587), z.literal(25)]),
              /** The job's sending mailbox: the user name to put back when the device gave none. */
              mailbox: emailField().nullable().optional(),
            })
            .strict(),
          z
            .object({
              method: z.literal('site-relay'),
              /** The relay machine's host name or IP address; null while not typed. */
              host: switchBackHost(),
              port: z.number().int().min(1).max(65535),
              security: z.enum(RELAY_TLS_MODES),
            })
            .strict(),
        ])
        .nullable()
        .optional(),
    })
    .strict(),
  'capture:status': z.object({}).strict(),
  'capture:stop': z.object({}).strict(),
  'discovery:identify': z
    .object({
      host: hostField(),
      /** The IPP port the device announced by DNS-SD; 631 when not given. */
      ippPort: z.number().int().min(1).max(65535).optional(),
    })
    .strict(),
  'discovery:browse': z
    .object({
      /** How long to listen for answers. */
      timeoutS: z.number().int().min(1).max(10),
    })
    .strict(),
  'app:store-problems': z.object({}).strict(),
  'app:about': z.object({}).strict(),
  'app:copy-diagnostics': z.object({}).strict(),
  'app:show-log': z.object({}).strict(),
  'app:copy-text': z
    .object({
      text: z
        .string()
        .min(1)
        .max(64 * 1024, 'is longer than 64 KB'),
    })
    .strict(),
  'verify:run': z
    .object({
      /** The job the test is for: main keeps its outcome in the job and sends `jobs:measured`. */
      jobId: runIdSchema.optional(),
      profileId: profileIdSchema,
      sendTo: emailField().nullable(),
      timeoutMs: z.number().int().min(100).max(120_000).default(8000),
    })
    .strict(),
  'verify:mx-send': z
    .object({
      /** The job the test is for: main keeps its outcome in the job and sends `jobs:measured`. */
      jobId: runIdSchema.optional(),
      method: z.enum(['direct-send', 'relay']),
      /** The tenant MX as found in DNS (or typed by the technician). */
      mxHost: hostField(),
      mxPort: z.number().int().min(1).max(65535).default(25),
      from: emailField(),
      to: emailField(),
      /** Relay: the public IP the connector lists, compared with what Exchange Online sees. */
      connectorIp: z
        .string()
        .max(64)
        .refine((v) => isIpLiteral(v), 'must be an IP address')
        .nullable()
        .default(null),
      /** Goes into the subject (the customer, the site). */
      jobLabel: z.string().max(200).default(''),
      spf: z.enum(['pass', 'not-pass', 'unknown']).default('unknown'),
      timeoutMs: z.number().int().min(100).max(120_000).default(8000),
    })
    .strict(),
  'relayWatch:start': z
    .object({
      /** The job whose relay to watch: main takes the relay's address from the job. */
      jobId: runIdSchema,
      port: statusPortField(),
      /** Null: the code kept for this relay in the keychain. */
      code: relayCodeField().nullable().default(null),
    })
    .strict(),
  'relayWatch:stop': z.object({ jobId: runIdSchema }).strict(),
  'relayWatch:status': z.object({ jobId: runIdSchema, port: statusPortField() }).strict(),
} as const

export interface InvokeResponses {
  'probes:run': DiagnoseReport
  'probes:cancel': { cancelled: boolean }
  'app:open-external': { opened: boolean }
  'jobs:list': JobSummary[]
  'jobs:create': Job
  'jobs:get': Job
  /** The job as stored (its `updatedAt` set by main). */
  'jobs:save': { updatedAt: string }
  'profiles:list': { profiles: MailboxProfileView[]; storage: SecretStorageStatus }
  'profiles:save': MailboxProfileView
  'profiles:delete': { deleted: boolean }
  /** The secret goes in once; what comes back says only that there is one. */
  'profiles:set-secret': MailboxProfileView
  'profiles:forget-secret': MailboxProfileView
  /** Resolves when the sign-in finished; the code to type arrives as a `profiles:oauth-prompt` event. */
  'profiles:oauth-sign-in': { username: string; expiresOn: string }
  /** Stops waiting for a sign-in in main too (no more polling of Microsoft). */
  'profiles:oauth-cancel': { cancelled: boolean }
  'verify:run': VerifyResult
  /** Direct send and relay: a test message to the tenant MX without a sign-in. */
  'verify:mx-send': VerifyResult
  /** The report model, for the preview (never a password or token). */
  'report:build': JobReport
  /** The PDF, base64, with a file name for saving. */
  'report:pdf': { fileName: string; base64: string }
  /** The printable checklist for the job's model and method (for sites where the laptop can't stay open). */
  'report:checklist-pdf': { fileName: string; base64: string }
  /** Queued durably; the sender delivers it when it can. */
  'outbox:enqueue': OutboxView
  'outbox:list': OutboxView[]
  'outbox:retry': OutboxView
  'app:online': { online: boolean; checkedAt: string }
  /**
   * Capture mode: what the device did, session by session, with a verdict per method. Changes
   * after the start arrive as `capture:changed` events.
   */
  'capture:start': CaptureStatus
  'capture:status': CaptureStatus
  'capture:stop': CaptureStatus
  /** Make, model and firmware of a printer by its address (IPP, SNMP), matched to the catalogue. */
  'discovery:identify': PrinterIdentity
  /** Printers that announce themselves by DNS-SD (Bonjour/mDNS) on the laptop's networks. */
  'discovery:browse': DnsSdBrowseResult
  /** Files found damaged at start-up: moved aside (quarantined), everything else loaded. */
  'app:store-problems': StoreProblem[]
  /** Version, runtime versions, OS, data folder and log file, for the About screen. */
  'app:about': AboutInfo
  /** Builds the redacted diagnostics bundle and puts it on the clipboard (from main). */
  'app:copy-diagnostics': DiagnosticsCopy
  /** Shows the support log file in the OS file manager. */
  'app:show-log': { shown: true }
  /**
   * Puts text on the clipboard (main's Electron clipboard): the Copy buttons use it, so the
   * renderer needs no clipboard permission and every permission request can be refused.
   */
  'app:copy-text': { copied: true }
  /** The watch as it starts; its changes arrive as `relayWatch:changed` events. */
  'relayWatch:start': RelayWatchView
  /** The watch as it stopped (null: the job had none). */
  'relayWatch:stop': RelayWatchView | null
  /** The job's watch, and whether a pairing code is kept for its relay (never the code). */
  'relayWatch:status': { view: RelayWatchView | null; codeSaved: boolean }
}

export interface EventPayloads {
  'probes:progress': ProbeProgress
  /** What main measured for a job changed (a run's report, a capture's sessions), and was kept. */
  'jobs:measured': JobMeasured
  /** The capture started by this window changed: a session began, went on or ended, or it stopped. */
  'capture:changed': CaptureStatus
  'profiles:oauth-prompt': OAuthPrompt
  /** A command from the app menu (File, Help) for the window to carry out. */
  'app:menu': { command: MenuCommand }
  /** The relay watch started by this window changed: connected, a status, a problem, stopped. */
  'relayWatch:changed': RelayWatchView
}

export type InvokeChannel = keyof typeof requestSchemas
export type EventChannel = keyof EventPayloads
/** What a caller sends (defaults may be left out). */
export type InvokeRequest<C extends InvokeChannel> = z.input<(typeof requestSchemas)[C]>
/** What a handler receives after validation (defaults filled in). */
export type ParsedRequest<C extends InvokeChannel> = z.output<(typeof requestSchemas)[C]>

export const INVOKE_CHANNELS = Object.keys(requestSchemas) as InvokeChannel[]
export const EVENT_CHANNELS: readonly EventChannel[] = [
  'probes:progress',
  'jobs:measured',
  'capture:changed',
  'profiles:oauth-prompt',
  'app:menu',
  'relayWatch:changed',
]

export function isInvokeChannel(name: unknown): name is InvokeChannel {
  return typeof name === 'string' && Object.hasOwn(requestSchemas, name)
}
