/**
 * A job: one visit to one customer site for one device. What the technician types is saved by the
 * main process as they type (never a password: those go to the keychain); what main measured for
 * the job (site-check reports, device captures) main attaches to it itself.
 */
import type { DecisionAnswers, DeviceCapabilities, MethodId } from './decision/types'
import type { DiagnoseReport } from './probe-types'
import type { JobStatus } from './report/job-progress'
import type { Result } from './result'

export const JOB_SCHEMA_VERSION = 3 as const

export type WizardStepKind =
  'job' | 'device' | 'site-checks' | 'decision' | 'configure' | 'verify' | 'report'

export const WIZARD_STEPS: readonly WizardStepKind[] = [
  'job',
  'device',
  'site-checks',
  'decision',
  'configure',
  'verify',
  'report',
]

export interface JobDevice {
  /** A catalogue family id, or null while none is picked. */
  familyId: string | null
  /** The exact model as written on the device. */
  model: string
  firmware: string
  /** IP address or host name of the device on the site network. */
  address: string
  serial: string
  /** For a device not in the catalogue: what the technician knows of it. */
  custom: { vendor: string; model: string } | null
  /** Capabilities the technician confirmed or corrected (they win over the catalogue). */
  capabilityAnswers: Partial<DeviceCapabilities>
}

export interface ChecklistItem {
  done: boolean
  note: string
}

/**
 * What a capture (Verify step) saw the device do, kept in the job for the report: the facts and
 * the verdict per method, not the whole session (no message content, no password — the capture
 * never had one to keep beyond its length).
 */
export interface CaptureRecord {
  /** When the device's session started (ISO). */
  at: string
  deviceAddress: string
  ehloName: string | null
  transport: 'plaintext' | 'starttls' | 'implicit-tls'
  /** e.g. 'TLSv1.2'; null without TLS. */
  tlsProtocol: string | null
  tlsCipher: string | null
  /** AUTH mechanisms the device used, in order (e.g. ['LOGIN']). */
  authMechanisms: string[]
  /** The sign-in name it sent (the device mailbox), or null. */
  username: string | null
  /** One line: what the device did. */
  summary: string
  verdicts: Array<{
    method: 'client-submission' | 'direct-send-relay'
    status: 'ok' | 'warn' | 'fail' | 'unknown'
    findings: string[]
  }>
}

/** Captures kept per job (the newest). */
export const MAX_JOB_CAPTURES = 10

export interface Job {
  id: string
  schemaVersion: typeof JOB_SCHEMA_VERSION
  createdAt: string
  updatedAt: string
  customer: string
  site: string
  /** The customer's mail domain, e.g. contoso.com. */
  domain: string
  contact: string
  technician: string
  /** The mailbox or sender address the device will use. */
  senderAddress: string
  /** The tenant MX endpoint, when the technician knows it (else found from the domain's MX). */
  mxHost: string
  device: JobDevice
  answers: Partial<DecisionAnswers>
  /** The method the technician chose (the recommendation unless they picked another). */
  method: MethodId | null
  lastReport: DiagnoseReport | null
  /** Configuration checklist by step id. */
  checklist: Record<string, ChecklistItem>
  /** Device captures from the Verify step, oldest first (absent in jobs saved before them). */
  captures?: CaptureRecord[]
  /** The last Verify test main ran for this job (absent until one ran). */
  verifyOutcome?: VerifyOutcome
  /**
   * The way out the technician took when the device cannot sign in with OAuth: ScanPath Relay on an
   * always-on machine at the site, which the device sends to instead of Microsoft 365 (absent or
   * null: none chosen; null, not absent, so a save that drops it clears it in main's merge).
   * Optional within schema version 3 (not released before it was added): no version bump.
   */
  siteRelay?: SiteRelay | null
  step: WizardStepKind
}

/** Where the device reaches ScanPath Relay on the site network (the relay's listen address). */
export interface SiteRelay {
  /** The relay machine's IP address or host name; empty until the technician types it. */
  address: string
  /** The port the relay listens on (25 or 2525 by default). */
  port: number
  /**
   * The Application (client) ID of the app registration the relay signs in through (the
   * customer's, in Microsoft Entra); absent or empty until typed.
   */
  clientId?: string
}

/** The relay's default port: 25, the port devices default to for SMTP without sign-in. */
export const SITE_RELAY_DEFAULT_PORT = 25

/**
 * What the job keeps of its last Verify test (a sign-in, or a test message to the tenant MX): main
 * records it when the test runs for the job, with the time it finished.
 */
export interface VerifyOutcome {
  passed: boolean
  /** The test's explanation, in words ("Signed in as … and sent a test message."). */
  text: string
  /** When the test finished (ISO 8601). */
  at: string
  /**
   * Watching ScanPath Relay at the site: the relay as its status link showed it when the test's
   * outcome came (absent for the other tests, and in jobs saved before it existed).
   */
  relay?: RelaySeen
}

/** What the report keeps of a site relay seen live from Verify: where it is, its mode and status. */
export interface RelaySeen {
  /** The relay's address as the job has it, and its status link's port. */
  address: string
  statusPort: number
  /** Where the relay listens for devices ("192.168.1.20:25"), or null when it is not listening. */
  listening: string | null
  tlsMode: 'starttls' | 'starttls-required' | 'none'
  /** The mailbox the relay sends as. */
  account: string
  queued: number
  failed: number
  lastDelivery: { at: string; messageId: string; response: string } | null
}

/** The parts of a job main measured and keeps itself: the renderer shows them, never sends them. */
export type MeasuredJobField = 'lastReport' | 'captures' | 'verifyOutcome'

/**
 * What the technician typed (answers, device, notes, checklist ticks, the chosen method, the step
 * they are at): the part of a job the renderer sends with every save. Main keeps the rest.
 */
export type JobEdits = Omit<Job, 'schemaVersion' | 'createdAt' | 'updatedAt' | MeasuredJobField>

/** Who and where a job is for: the fields a report heads with. */
export type JobHeader = Pick<
  Job,
  'id' | 'customer' | 'site' | 'domain' | 'contact' | 'technician' | 'senderAddress' | 'mxHost'
>

/** A job's header fields, and nothing else (a whole job may be passed). */
export function jobHeader(job: JobHeader): JobHeader {
  return {
    id: job.id,
    customer: job.customer,
    site: job.site,
    domain: job.domain,
    contact: job.contact,
    technician: job.technician,
    senderAddress: job.senderAddress,
    mxHost: job.mxHost,
  }
}

/** The typed part of a job, and nothing else (a whole job may be passed). */
export function jobEdits(job: JobEdits): JobEdits {
  return {
    ...jobHeader(job),
    device: job.device,
    answers: job.answers,
    method: job.method,
    checklist: job.checklist,
    siteRelay: job.siteRelay ? { ...job.siteRelay } : null,
    step: job.step,
  }
}

/**
 * What main measured for a job, as it kept it: sent to the renderer (`jobs:measured`) each time
 * a site-check run or a capture adds to the job. `saved` says whether it reached the disk: the
 * job's new `updatedAt`, or why not (main then writes it with the job's next save).
 */
export type JobMeasured = {
  jobId: string
  saved: Result<{ updatedAt: string }>
} & Pick<Job, MeasuredJobField>

export interface JobSummary {
  id: string
  customer: string
  site: string
  domain: string
  deviceLabel: string
  step: WizardStepKind
  updatedAt: string
  /** The method the technician confirmed and the report's verdict, in one line. */
  status: JobStatus
}

export function newJob(id: string, now: string): Job {
  return {
    id,
    schemaVersion: JOB_SCHEMA_VERSION,
    createdAt: now,
    updatedAt: now,
    customer: '',
    site: '',
    domain: '',
    contact: '',
    technician: '',
    senderAddress: '',
    mxHost: '',
    device: {
      familyId: null,
      model: '',
      firmware: '',
      address: '',
      serial: '',
      custom: null,
      capabilityAnswers: {},
    },
    answers: {},
    method: null,
    lastReport: null,
    checklist: {},
    step: 'job',
  }
}
