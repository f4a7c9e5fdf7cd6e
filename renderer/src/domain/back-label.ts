/** The words of the way back from a screen opened over another. */
import type { MainView } from './app-view'

/** The label of the "back" button of a screen opened over another (Settings, About). */
export function backLabel(back: MainView | null): string {
  switch (back?.kind) {
    case 'job':
      return 'Back to the job'
    case 'site-checks':
      return 'Back to the checks'
    case 'outbox':
      return 'Back to the outbox'
    default:
      return 'All jobs'
  }
}
