/**
 * Which site checks can affect each Microsoft 365 sending method: the report's verdict counts a
 * failed or warning check only when it can affect the chosen method, and lists the others.
 */
import { assertNever } from '../assert-never'
import type { MethodId } from '../decision/types'
import type { CheckId } from '../probe-types'

/** Where a method's mail goes: the submission host (SMTP AUTH) or the tenant MX on port 25. */
type Route = 'submission' | 'mx'

function routeOf(method: MethodId): Route {
  switch (method) {
    case 'client-submission-oauth':
    case 'client-submission-basic':
    case 'high-volume-email':
      return 'submission'
    case 'direct-send':
    case 'smtp-relay':
      return 'mx'
    default:
      return assertNever(method, 'method')
  }
}

/**
 * The routes each check can affect; `port` checks only count for the port the method sends on.
 * Port 465 only informs: no method sends there.
 */
const CHECK_ROUTES: Record<CheckId, { routes: readonly Route[]; submissionPort?: 587 | 25 }> = {
  'dns-submission-host': { routes: ['submission'] },
  'reach-submission': { routes: ['submission'], submissionPort: 587 },
  'starttls-submission': { routes: ['submission'] },
  'legacy-tls-submission': { routes: ['submission'] },
  // Port 25 out: what direct send and relay need, and client submission's port when 587 is not.
  'reach-submission-smtp': { routes: ['submission', 'mx'], submissionPort: 25 },
  'reach-implicit-tls': { routes: [] },
  'dns-mx': { routes: ['mx'] },
  'dns-spf': { routes: ['mx'] },
  'reach-mx': { routes: ['mx'] },
  'starttls-mx': { routes: ['mx'] },
  'public-ip': { routes: ['mx'] },
  'spf-verdict': { routes: ['mx'] },
  blocklists: { routes: ['mx'] },
}

function isCheckId(id: string): id is CheckId {
  return Object.hasOwn(CHECK_ROUTES, id)
}

/**
 * Whether a site check's result can affect the method, sending on `port` (the decision's port for
 * it). No method chosen, or a check this version does not know: it counts.
 */
export function checkAffectsMethod(
  checkId: string,
  method: MethodId | null,
  port: 587 | 25 | null,
): boolean {
  if (method === null || !isCheckId(checkId)) return true
  const route = routeOf(method)
  const check = CHECK_ROUTES[checkId]
  if (!check.routes.includes(route)) return false
  if (route === 'submission' && check.submissionPort !== undefined && port !== null)
    return check.submissionPort === port
  return true
}
