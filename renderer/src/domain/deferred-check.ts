/**
 * Offline checklist mode (docs/ARCHITECTURE.md, "The check pipeline"): a check that could not
 * reach anything on the internet is not a failure of the site, it is postponed. Main marks such
 * checks `skip` with `skipReason: 'offline'`, and puts the offline sentence (shared/offline.ts) in
 * front of the check's own explanation.
 */
import { OFFLINE_EXPLANATION } from '../../../shared/offline'
import type { ProbeStatus, SkipReason } from '../../../shared/probe-types'

export const OFFLINE_PREFIX = OFFLINE_EXPLANATION

/** True for a check that came back "offline": shown as Deferred, to run again when online. */
export function isDeferred(result: { status: ProbeStatus; skipReason?: SkipReason }): boolean {
  return result.status === 'skip' && result.skipReason === 'offline'
}

/** The check's own reason, without the offline sentence main put in front of it. */
export function deferredReason(explanation: string): string {
  if (!explanation.startsWith(OFFLINE_PREFIX)) return explanation
  return explanation
    .slice(OFFLINE_PREFIX.length)
    .trim()
    .replace(/^\((.*)\)$/s, '$1')
}
