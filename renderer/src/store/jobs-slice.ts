/**
 * Jobs in the renderer: the job list, the open job, and its saving. Main keeps the jobs; the
 * renderer edits its copy as the technician types and sends what was typed (`jobEdits`) ~300 ms
 * after the last keystroke, and at once on a step change or leaving a field (`flush`). A failed
 * save keeps every edit here, says so, and is retried by the next edit, the next flush or the
 * Retry button. What main measured for the open job (site-check reports, captures) arrives as
 * `jobs:measured` events and is shown, never sent back.
 */
import type { StateCreator } from 'zustand'

import { jobEdits, type Job, type JobMeasured, type JobSummary } from '../../../shared/job-types'
import type { AppError } from '../../../shared/result'
import { bridgeMissingError, getBridge } from '../api'
import type { AppState } from './index'

/** Quiet time after the last edit before the job is sent to main. */
export const SAVE_DEBOUNCE_MS = 300

/**
 * `saved`: main holds every edit. `pending`: edits wait for the debounce. `saving`: a save is in
 * flight. `failed`: the last save was refused or lost; the edits are still here.
 */
export type SaveState =
  { kind: 'saved' } | { kind: 'pending' } | { kind: 'saving' } | { kind: 'failed'; error: AppError }

export type JobListState =
  | { kind: 'idle' }
  | { kind: 'loading' }
  | { kind: 'ready'; jobs: JobSummary[] }
  | { kind: 'failed'; error: AppError }

export interface JobsState {
  list: JobListState
  current: Job | null
  save: SaveState
  /** Creating or opening a job failed (shown on the job list). */
  openError: AppError | null
}

export interface JobsActions {
  loadList(): Promise<void>
  /** Creates a job in main and makes it current; false when that failed (see `openError`). */
  create(): Promise<boolean>
  open(id: string): Promise<boolean>
  /** Saves what is pending, then forgets the current job. */
  close(): Promise<void>
  /** Changes the current job (as typed); saved after the debounce. */
  update(recipe: (job: Job) => Job): void
  /** Saves now whatever is not saved yet; resolves when main has it (or refused it). */
  flush(): Promise<void>
  dismissOpenError(): void
  /** Takes in what main kept in a job it measured for (only the open job's is shown). */
  applyMeasured(m: JobMeasured): void
  /** Stops listening to main's job events (the store's reset). */
  stopWatching(): void
}

export interface JobsSlice {
  jobs: JobsState & JobsActions
}

export const initialJobsState: JobsState = {
  list: { kind: 'idle' },
  current: null,
  save: { kind: 'saved' },
  openError: null,
}

function thrown(e: unknown): AppError {
  return { code: 'internal', message: e instanceof Error ? e.message : String(e) }
}

export const createJobsSlice: StateCreator<AppState, [], [], JobsSlice> = (set, get) => {
  const patch = (p: Partial<JobsState>) => set((s) => ({ jobs: { ...s.jobs, ...p } }))
  let timer: ReturnType<typeof setTimeout> | null = null
  /** Edits made since the last save was sent. */
  let dirty = false
  /** The flush in progress; a second flush waits for it, then sends what came in meanwhile. */
  let flushing: Promise<void> | null = null

  /** The subscription to `jobs:measured` while a job is open. */
  let unwatch: (() => void) | null = null
  const stopWatching = () => {
    unwatch?.()
    unwatch = null
  }

  const cancelTimer = () => {
    if (timer !== null) clearTimeout(timer)
    timer = null
  }

  const sendPending = async (): Promise<void> => {
    while (dirty) {
      const job = get().jobs.current
      if (!job) {
        dirty = false
        return
      }
      dirty = false
      patch({ save: { kind: 'saving' } })
      const api = getBridge()
      let error: AppError | null = null
      if (!api) error = bridgeMissingError
      else {
        try {
          const result = await api.saveJob({ job: jobEdits(job) })
          if (result.ok) {
            const now = get().jobs.current
            // Main sets `updatedAt`; take it without counting it as an edit.
            if (now && now.id === job.id)
              patch({ current: { ...now, updatedAt: result.value.updatedAt } })
          } else error = result.error
        } catch (e) {
          error = thrown(e)
        }
      }
      if (error) {
        // Nothing is lost: the job here still has the edits, and the next attempt sends them all.
        if (get().jobs.current?.id === job.id) dirty = true
        patch({ save: { kind: 'failed', error } })
        return
      }
      patch({ save: dirty ? { kind: 'pending' } : { kind: 'saved' } })
    }
  }

  const flush = (): Promise<void> => {
    cancelTimer()
    if (flushing) return flushing.then(() => (dirty ? flush() : undefined))
    if (!dirty) return Promise.resolve()
    flushing = sendPending().finally(() => {
      flushing = null
    })
    return flushing
  }

  const loadJob = async (
    call: () => Promise<{ ok: true; value: Job } | { ok: false; error: AppError }>,
  ) => {
    await flush()
    try {
      const result = await call()
      if (!result.ok) {
        patch({ openError: result.error })
        return false
      }
      dirty = false
      patch({ current: result.value, save: { kind: 'saved' }, openError: null })
      stopWatching()
      unwatch = getBridge()?.onJobMeasured((m) => get().jobs.applyMeasured(m)) ?? null
      return true
    } catch (e) {
      patch({ openError: thrown(e) })
      return false
    }
  }

  return {
    jobs: {
      ...initialJobsState,

      async loadList() {
        const api = getBridge()
        if (!api) {
          patch({ list: { kind: 'failed', error: bridgeMissingError } })
          return
        }
        patch({ list: { kind: 'loading' } })
        try {
          const result = await api.listJobs()
          patch({
            list: result.ok
              ? { kind: 'ready', jobs: result.value }
              : { kind: 'failed', error: result.error },
          })
        } catch (e) {
          patch({ list: { kind: 'failed', error: thrown(e) } })
        }
      },

      async create() {
        const api = getBridge()
        if (!api) {
          patch({ openError: bridgeMissingError })
          return false
        }
        return loadJob(() => api.createJob())
      },

      async open(id) {
        const api = getBridge()
        if (!api) {
          patch({ openError: bridgeMissingError })
          return false
        }
        return loadJob(() => api.getJob({ id }))
      },

      async close() {
        await flush()
        // A job whose last save failed stays open: closing it would lose the edits.
        if (get().jobs.save.kind === 'failed') return
        stopWatching()
        patch({ current: null, save: { kind: 'saved' } })
      },

      update(recipe) {
        const job = get().jobs.current
        if (!job) return
        const next = recipe(job)
        if (next === job) return
        dirty = true
        // A failure stays on screen until a save gets through.
        const save =
          get().jobs.save.kind === 'failed' ? get().jobs.save : { kind: 'pending' as const }
        patch({ current: next, save })
        cancelTimer()
        timer = setTimeout(() => {
          timer = null
          void flush()
        }, SAVE_DEBOUNCE_MS)
      },

      flush,

      dismissOpenError() {
        patch({ openError: null })
      },

      applyMeasured(m) {
        const job = get().jobs.current
        if (!job || job.id !== m.jobId) return
        // Main's data, not an edit: shown as main kept it, and not counted as unsaved typing.
        const measured: Job = {
          ...job,
          lastReport: m.lastReport,
          ...(m.captures ? { captures: m.captures } : {}),
          ...(m.verifyOutcome ? { verifyOutcome: m.verifyOutcome } : {}),
        }
        if (m.saved.ok) {
          patch({ current: { ...measured, updatedAt: m.saved.value.updatedAt } })
          return
        }
        // Main keeps it and writes it with the next save: the edits' Retry sends that save.
        dirty = true
        patch({ current: measured, save: { kind: 'failed', error: m.saved.error } })
      },

      stopWatching,
    },
  }
}
