/**
 * The wizard's steps as the technician sees them. Order comes from WIZARD_STEPS (shared with
 * main, which stores the step in the job); names and purposes live here, one exhaustive switch.
 */
import { assertNever } from '../../../shared/assert-never'
import { WIZARD_STEPS, type Job, type WizardStepKind } from '../../../shared/job-types'
import { jobProgress, type StepState } from '../../../shared/report/job-progress'

export interface StepMeta {
  /** Short name for the step bar. */
  label: string
  /** The step's heading. */
  title: string
}

export function stepMeta(kind: WizardStepKind): StepMeta {
  switch (kind) {
    case 'job':
      return { label: 'Job', title: 'Job' }
    case 'device':
      return { label: 'Device', title: 'Device' }
    case 'site-checks':
      return { label: 'Site checks', title: 'Site checks' }
    case 'decision':
      return { label: 'Decision', title: 'Which Microsoft 365 method' }
    case 'configure':
      return { label: 'Configure', title: 'Configure the device' }
    case 'verify':
      return { label: 'Verify', title: 'Verify' }
    case 'report':
      return { label: 'Report', title: 'Report' }
    default:
      return assertNever(kind, 'wizard step')
  }
}

export function stepIndex(kind: WizardStepKind): number {
  return WIZARD_STEPS.indexOf(kind)
}

/** The step after (`+1`) or before (`-1`) this one, or null at either end. */
export function neighbourStep(kind: WizardStepKind, delta: 1 | -1): WizardStepKind | null {
  return WIZARD_STEPS[stepIndex(kind) + delta] ?? null
}

/** One step as the step bar shows it. */
export interface StepBarItem {
  step: WizardStepKind
  number: number
  label: string
  current: boolean
  state: StepState
  /**
   * What a screen reader says after the step's name ("Done", "Needs attention: …"); null for a
   * step with nothing recorded yet (the current one is announced as such by aria-current).
   */
  description: string | null
}

/**
 * The seven steps for the step bar: which is current, and which the job shows done or needing
 * attention (shared/report/job-progress.ts reads that from the job's report). `today`: YYYY-MM-DD.
 */
export function stepBarItems(
  job: Job | null,
  current: WizardStepKind,
  today: string,
): StepBarItem[] {
  const progress = job ? jobProgress(job, today) : null
  return WIZARD_STEPS.map((step, i) => {
    const p = progress?.[step]
    const state = p?.state ?? 'open'
    return {
      step,
      number: i + 1,
      label: stepMeta(step).label,
      current: step === current,
      state,
      description: p && state !== 'open' ? p.text : null,
    }
  })
}
