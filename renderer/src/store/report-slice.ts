/**
 * The Report step and the office outbox: the report preview of the open job (built by main from
 * the saved job), the two PDFs, "Send to office", and the outbox list (polled every ~2 s while an
 * outbox is on screen). Results for a job that is no longer open are dropped (by job id).
 */
import type { StateCreator } from 'zustand'

import type { OutboxView } from '../../../shared/outbox-types'
import type { JobReport } from '../../../shared/report/report-model'
import type { AppError, Result } from '../../../shared/result'
import { bridgeMissingError, getBridge, type ScanpathApi } from '../api'
import type { AppState } from './index'
import { createPoller } from './poller'

export const OUTBOX_POLL_MS = 2_000

/** The failure's reason alone, for a panel whose heading already says what failed. */
function reasonOnly(error: AppError): AppError {
  return error.reason === undefined ? error : { code: error.code, message: error.reason }
}

export type PreviewState =
  | { kind: 'idle' }
  | { kind: 'loading'; jobId: string }
  | { kind: 'ready'; jobId: string; report: JobReport }
  | { kind: 'failed'; jobId: string; error: AppError }

export type PdfKind = 'report' | 'checklist'

/** A PDF being made, or the error to show (the bytes go straight to the page that asked). */
export type PdfState = { kind: 'idle' } | { kind: 'working' } | { kind: 'failed'; error: AppError }

export interface PdfFile {
  fileName: string
  base64: string
}

export type SendState =
  | { kind: 'idle' }
  | { kind: 'sending' }
  | { kind: 'queued'; entry: OutboxView }
  | { kind: 'failed'; error: AppError }

export type OutboxListState =
  | { kind: 'idle' }
  | { kind: 'ready'; entries: OutboxView[] }
  | { kind: 'failed'; error: AppError; entries: OutboxView[] }

export interface ReportState {
  preview: PreviewState
  pdf: Record<PdfKind, PdfState>
  send: SendState
  /** The recipient typed per job (the Job type has no place for it). */
  recipientForJob: Record<string, string>
  outbox: OutboxListState
  /** Retries in flight, by entry id. */
  retrying: Record<string, boolean>
  retryErrors: Record<string, AppError>
}

export interface ReportActions {
  /** Saves what is typed, then asks main for the report of the open job. */
  loadPreview(): Promise<void>
  /** The PDF for the page to download, or null (the error is in `pdf[kind]`). */
  makePdf(kind: PdfKind): Promise<PdfFile | null>
  setRecipient(jobId: string, to: string): void
  /** Queues the open job's report to the office; the outbox list is refreshed after. */
  sendToOffice(profileId: string, to: string): Promise<void>
  loadOutbox(): Promise<void>
  /** Polls the outbox while held; returns the release function (for a useEffect). */
  watchOutbox(): () => void
  retry(id: string): Promise<void>
  /** Ends every timer of this slice (the store's reset). */
  stopPolling(): void
}

export interface ReportSlice {
  report: ReportState & ReportActions
}

export const initialReportState: ReportState = {
  preview: { kind: 'idle' },
  pdf: { report: { kind: 'idle' }, checklist: { kind: 'idle' } },
  send: { kind: 'idle' },
  recipientForJob: {},
  outbox: { kind: 'idle' },
  retrying: {},
  retryErrors: {},
}

function thrown(e: unknown): AppError {
  return { code: 'internal', message: e instanceof Error ? e.message : String(e) }
}

async function call<T>(run: (api: ScanpathApi) => Promise<Result<T>>): Promise<Result<T>> {
  const api = getBridge()
  if (!api) return { ok: false, error: bridgeMissingError }
  try {
    return await run(api)
  } catch (e) {
    return { ok: false, error: thrown(e) }
  }
}

/** The list with this entry put in place (or in front when new): main's newest-first order. */
export function upsertEntry(entries: readonly OutboxView[], entry: OutboxView): OutboxView[] {
  const at = entries.findIndex((e) => e.id === entry.id)
  if (at === -1) return [entry, ...entries]
  return entries.map((e, i) => (i === at ? entry : e))
}

export const createReportSlice: StateCreator<AppState, [], [], ReportSlice> = (set, get) => {
  const patch = (p: Partial<ReportState>) => set((s) => ({ report: { ...s.report, ...p } }))
  const currentJobId = () => get().jobs.current?.id ?? null

  const entriesNow = (): OutboxView[] => {
    const o = get().report.outbox
    return o.kind === 'idle' ? [] : o.entries
  }
  const putEntry = (entry: OutboxView) =>
    patch({ outbox: { kind: 'ready', entries: upsertEntry(entriesNow(), entry) } })

  const loadOutbox = async () => {
    const r = await call((api) => api.listOutbox())
    patch({
      outbox: r.ok
        ? { kind: 'ready', entries: r.value }
        : { kind: 'failed', error: r.error, entries: entriesNow() },
    })
  }
  const poller = createPoller(loadOutbox, OUTBOX_POLL_MS)

  return {
    report: {
      ...initialReportState,

      async loadPreview() {
        const jobId = currentJobId()
        if (!jobId) return
        // A new visit starts clean: the last send or PDF belonged to the last visit (or job).
        patch({
          preview: { kind: 'loading', jobId },
          send: { kind: 'idle' },
          pdf: initialReportState.pdf,
        })
        // Main builds the report from the saved job: everything typed must be there first.
        await get().jobs.flush()
        const r = await call((api) => api.buildReport({ jobId }))
        if (currentJobId() !== jobId) return
        patch({
          preview: r.ok
            ? { kind: 'ready', jobId, report: r.value }
            : { kind: 'failed', jobId, error: r.error },
        })
      },

      async makePdf(kind) {
        const jobId = currentJobId()
        if (!jobId) return null
        const setPdf = (state: PdfState) =>
          set((s) => ({ report: { ...s.report, pdf: { ...s.report.pdf, [kind]: state } } }))
        setPdf({ kind: 'working' })
        await get().jobs.flush()
        const r = await call((api) =>
          kind === 'report' ? api.reportPdf({ jobId }) : api.checklistPdf({ jobId }),
        )
        if (currentJobId() !== jobId) return null
        setPdf(r.ok ? { kind: 'idle' } : { kind: 'failed', error: reasonOnly(r.error) })
        return r.ok ? r.value : null
      },

      setRecipient(jobId, to) {
        patch({ recipientForJob: { ...get().report.recipientForJob, [jobId]: to } })
      },

      async sendToOffice(profileId, to) {
        const jobId = currentJobId()
        if (!jobId) return
        patch({ send: { kind: 'sending' } })
        await get().jobs.flush()
        const r = await call((api) => api.sendReport({ jobId, profileId, to }))
        if (currentJobId() !== jobId) return
        if (!r.ok) {
          patch({ send: { kind: 'failed', error: reasonOnly(r.error) } })
          return
        }
        patch({ send: { kind: 'queued', entry: r.value } })
        putEntry(r.value)
      },

      loadOutbox,
      watchOutbox: () => poller.acquire(),

      async retry(id) {
        const { retrying, retryErrors } = get().report
        if (retrying[id]) return
        const errors = { ...retryErrors }
        delete errors[id]
        patch({ retrying: { ...retrying, [id]: true }, retryErrors: errors })
        const r = await call((api) => api.retryOutbox({ id }))
        const done = { ...get().report.retrying }
        delete done[id]
        patch({ retrying: done })
        if (r.ok) putEntry(r.value)
        else patch({ retryErrors: { ...get().report.retryErrors, [id]: r.error } })
      },

      stopPolling() {
        poller.stop()
      },
    },
  }
}
