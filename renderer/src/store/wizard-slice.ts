/**
 * Where the technician is: the job list, a job at one of its wizard steps, or the site checks on
 * their own (no job). The step is also stored in the job, so a job reopens where it was left.
 */
import type { StateCreator } from 'zustand'

import type { WizardStepKind } from '../../../shared/job-types'
import type { AppView } from '../domain/app-view'
import { neighbourStep } from '../domain/wizard-steps'
import { probesStateFromReport } from '../domain/saved-report'
import type { AppState } from './index'

export interface WizardState {
  view: AppView
  /**
   * The id of the element a step change should bring into view and focus instead of the step's
   * heading (e.g. the Decision step's ways out, from Configure's dead end); cleared once used.
   */
  focusTarget: string | null
}

export interface WizardActions {
  /** Saves the open job, closes it and shows the (reloaded) job list. */
  showJobList(): Promise<void>
  newJob(): Promise<void>
  openJob(id: string): Promise<void>
  /** The site checks without a job (nothing is saved). */
  showSiteChecks(): void
  /** Opens Settings (mailbox profiles) from wherever the technician is. */
  showSettings(): void
  /** The global outbox; an open job is saved and closed first, like "All jobs". */
  showOutbox(): Promise<void>
  /** Back from Settings to the screen it was opened from. */
  closeSettings(): void
  /** About ScanPath (version, files, support tools), from the header or the Help menu. */
  showAbout(): void
  /** Back from About to the screen it was opened from. */
  closeAbout(): void
  /** Opens a step of the open job; `focusTarget`: the element id to show and focus there. */
  goTo(step: WizardStepKind, focusTarget?: string): void
  /** The wizard has shown the focus target. */
  clearFocusTarget(): void
  next(): void
  back(): void
  /**
   * Prepares the Site checks screen for the open job: its domain and MX host in the form, and
   * its last report on screen (unless a run is in progress).
   */
  enterSiteChecks(): void
}

export interface WizardSlice {
  wizard: WizardState & WizardActions
}

export const initialWizardState: WizardState = {
  view: { kind: 'job-list' },
  focusTarget: null,
}

export const createWizardSlice: StateCreator<AppState, [], [], WizardSlice> = (set, get) => {
  const setView = (view: AppView) => set((s) => ({ wizard: { ...s.wizard, view } }))
  const showJob = () => {
    const job = get().jobs.current
    if (job) setView({ kind: 'job', step: job.step })
  }

  /** Settings and About: over the current main screen (never over each other). */
  const openOver = (kind: 'settings' | 'about') => {
    const { view } = get().wizard
    if (view.kind === kind) return
    // Leaving a job for a while is a natural pause: save what is typed.
    void get().jobs.flush()
    const back = view.kind === 'settings' || view.kind === 'about' ? view.back : view
    setView({ kind, back })
  }
  const closeOver = (kind: 'settings' | 'about') => {
    const { view } = get().wizard
    if (view.kind !== kind) return
    // The job may have been closed meanwhile (it cannot from here, but be sure).
    const back = view.back.kind === 'job' && !get().jobs.current ? null : view.back
    if (back) setView(back)
    else void get().wizard.showJobList()
  }

  return {
    wizard: {
      ...initialWizardState,

      async showJobList() {
        await get().jobs.close()
        // A job that could not be saved stays open (its save error is on screen).
        if (get().jobs.current) return
        setView({ kind: 'job-list' })
        await get().jobs.loadList()
      },

      async newJob() {
        if (await get().jobs.create()) showJob()
      },

      async openJob(id) {
        if (await get().jobs.open(id)) showJob()
      },

      showSiteChecks() {
        setView({ kind: 'site-checks' })
      },

      async showOutbox() {
        if (get().wizard.view.kind === 'outbox') return
        await get().jobs.close()
        // A job that could not be saved stays open (its save error is on screen).
        if (get().jobs.current) return
        setView({ kind: 'outbox' })
      },

      showSettings() {
        openOver('settings')
      },

      closeSettings() {
        closeOver('settings')
      },

      showAbout() {
        openOver('about')
      },

      closeAbout() {
        closeOver('about')
      },

      goTo(step, focusTarget) {
        const { view } = get().wizard
        if (view.kind !== 'job') return
        if (focusTarget) set((s) => ({ wizard: { ...s.wizard, focusTarget } }))
        if (view.step === step) return
        get().jobs.update((j) => ({ ...j, step }))
        setView({ kind: 'job', step })
        // A step change is a natural pause: save now rather than after the debounce.
        void get().jobs.flush()
      },

      clearFocusTarget() {
        if (get().wizard.focusTarget !== null)
          set((s) => ({ wizard: { ...s.wizard, focusTarget: null } }))
      },

      next() {
        const { view } = get().wizard
        if (view.kind !== 'job') return
        const step = neighbourStep(view.step, 1)
        if (step) get().wizard.goTo(step)
      },

      back() {
        const { view } = get().wizard
        if (view.kind !== 'job') return
        const step = neighbourStep(view.step, -1)
        if (step) get().wizard.goTo(step)
      },

      enterSiteChecks() {
        const job = get().jobs.current
        if (!job) return
        const probes = get().probes
        if (probes.run.kind === 'running') return
        const shown = probes.run.kind === 'done' ? probes.run.runId : null
        const saved = job.lastReport
        set((s) => ({
          probes: {
            ...s.probes,
            endpoints: { ...s.probes.endpoints, domain: job.domain, mxHost: job.mxHost },
            // What is on screen belongs to this job only if it is its saved report.
            ...(saved
              ? shown === saved.runId
                ? {}
                : probesStateFromReport(saved)
              : { run: { kind: 'idle' as const }, order: [], checks: {}, error: null }),
          },
        }))
      },
    },
  }
}
