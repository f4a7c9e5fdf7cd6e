/**
 * Offline checklist mode (ARCHITECTURE.md §1 step 3): a check that could not reach anything on
 * the internet is not a failure of the site, it is postponed. Main marks such checks `skip` with
 * an explanation starting with this sentence (shared/offline.ts).
 */
import { OFFLINE_EXPLANATION } from '../../../shared/offline'
import type { ProbeResult } from '../../../shared/probe-types'

export const OFFLINE_PREFIX = OFFLINE_EXPLANATION

/** True for a check that came back "offline": shown as Deferred, to run again when online. */
export function isDeferred(result: Pick<ProbeResult, 'status' | 'explanation'>): boolean {
  return result.status === 'skip' && result.explanation.startsWith(OFFLINE_PREFIX)
}

/** The check's own reason, without the offline sentence main put in front of it. */
export function deferredReason(explanation: string): string {
  if (!explanation.startsWith(OFFLINE_PREFIX)) return explanation
  return explanation
    .slice(OFFLINE_PREFIX.length)
    .trim()
    .replace(/^\((.*)\)$/s, '$1')
}
