/**
 * The one zustand store, made of typed slices, one per concern; every call to main goes through
 * a slice's actions. This is the only `create` call: a new slice is added to `AppState` and
 * spread in here.
 */
import { create } from 'zustand'

import { createAboutSlice, type AboutSlice } from './about-slice'
import { createAppStatusSlice, type AppStatusSlice } from './app-status-slice'
import { createCaptureSlice, type CaptureSlice } from './capture-slice'
import { createDesktopSlice, type DesktopSlice } from './desktop-slice'
import { createDiscoverySlice, type DiscoverySlice } from './discovery-slice'
import { createJobsSlice, type JobsSlice } from './jobs-slice'
import { createProbesSlice, type ProbesSlice } from './probes-slice'
import { createProfilesSlice, type ProfilesSlice } from './profiles-slice'
import { createRelayWatchSlice, type RelayWatchSlice } from './relay-watch-slice'
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
  CaptureSlice &
  DiscoverySlice &
  AboutSlice &
  DesktopSlice &
  RelayWatchSlice &
  RootSlice

export const useAppStore = create<AppState>()((set, get, store) => ({
  ...createProbesSlice(set, get, store),
  ...createJobsSlice(set, get, store),
  ...createWizardSlice(set, get, store),
  ...createProfilesSlice(set, get, store),
  ...createAppStatusSlice(set, get, store),
  ...createReportSlice(set, get, store),
  ...createCaptureSlice(set, get, store),
  ...createDiscoverySlice(set, get, store),
  ...createAboutSlice(set, get, store),
  ...createDesktopSlice(set, get, store),
  ...createRelayWatchSlice(set, get, store),
  // Replacing with the initial state also forgets the current run id, so a run still in flight
  // cannot write its late result or progress back into the fresh state.
  // Timers and subscriptions are not state: the polls are stopped and main's events no longer
  // listened to first, so none writes into the fresh state.
  reset: () => {
    get().appStatus.stopPolling()
    get().report.stopPolling()
    get().jobs.stopWatching()
    get().capture.leave()
    get().relayWatch.leave()
    get().discovery.leave()
    get().about.leave()
    set(store.getInitialState(), true)
  },
}))
