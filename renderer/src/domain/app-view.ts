/**
 * Where the technician is in the app: the screens, and the ones opened over another (Settings,
 * About) that go back to it. Pure types: the wizard slice holds the current one.
 */
import type { WizardStepKind } from '../../../shared/job-types'

/** A screen the Settings screen can return to. */
export type MainView =
  | { kind: 'job-list' }
  | { kind: 'job'; step: WizardStepKind }
  | { kind: 'site-checks' }
  /** Every report sent to the office, from every job (reachable from the header). */
  | { kind: 'outbox' }

/**
 * Settings and About open over any screen and go back to it (an open job stays open meanwhile).
 */
export type AppView =
  MainView | { kind: 'settings'; back: MainView } | { kind: 'about'; back: MainView }
