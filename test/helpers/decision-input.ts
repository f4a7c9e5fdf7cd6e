/** Site facts of a site where every check passed (ports open, TLS fine, SPF passes): a base to vary. */
import type { SiteFacts } from '../../shared/decision/types'

export const GOOD_SITE: SiteFacts = {
  port587: 'open',
  port25: 'open',
  starttls: 'ok',
  publicIp: '203.0.113.7',
  publicIpStatic: 'unknown',
  publicIpNotStatic: null,
  publicIpDynamicName: null,
  spf: 'pass',
  mxIsMicrosoft: 'yes',
  blocklisted: 'no',
}
