/**
 * The one zustand store, made of typed slices (style anchors §F). This is the only `create` call;
 * later slices (checklist, report, settings) are added to `AppState` and spread in here.
 */
import { create } from 'zustand'

import { createAppStatusSlice, type AppStatusSlice } from './app-status-slice'
import { linkRunsToJobs } from './job-run-link'
import { createJobsSlice, type JobsSlice } from './jobs-slice'
import { createProbesSlice, type ProbesSlice } from './probes-slice'
import { createProfilesSlice, type ProfilesSlice } from './profiles-slice'
import { createReportSlice, type ReportSlice } from './report-slice'
import { createWizardSlice, type WizardSlice } from './wizard-slice'

interface RootSlice {
  /** Back to the initial state of every slice ("start over", and between unit tests). */
  reset(): void
}

export type AppState = ProbesSlice &
  JobsSlice &
  WizardSlice &
  ProfilesSlice &
  AppStatusSlice &
  ReportSlice &
  RootSlice

export const useAppStore = create<AppState>()((set, get, store) => ({
  ...createProbesSlice(set, get, store),
  ...createJobsSlice(set, get, store),
  ...createWizardSlice(set, get, store),
  ...createProfilesSlice(set, get, store),
  ...createAppStatusSlice(set, get, store),
  ...createReportSlice(set, get, store),
  // Replacing with the initial state also forgets the current run id, so a run still in flight
  // cannot write its late result or progress back into the fresh state.
  // Timers are not state: the polls are stopped first, so none writes into the fresh state.
  reset: () => {
    get().appStatus.stopPolling()
    get().report.stopPolling()
    set(store.getInitialState(), true)
  },
}))

linkRunsToJobs(useAppStore)
