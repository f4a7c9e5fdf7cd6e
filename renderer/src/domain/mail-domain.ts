/**
 * The customer's mail domain as a technician types it: the same rules and words as main's schema,
 * from shared/host-syntax.ts (zod-free, so the renderer may load it).
 */
export { mailDomainProblem, normalizeMailDomain } from '../../../shared/host-syntax'
