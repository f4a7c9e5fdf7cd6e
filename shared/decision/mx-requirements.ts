/**
 * What direct send and SMTP relay share, both delivering to the tenant MX on port 25: the port
 * itself, no Sent Items copy, and the site address's SPF and blocklist standing.
 */
import type { Assessment } from './assessment'
import type { DecisionInput } from './types'

/** Port 25 to the tenant MX: direct send and relay [MS table: "Open network port: Port 25"]. */
export function port25Requirement(a: Assessment, i: DecisionInput): void {
  if (i.site.port25 === 'blocked') {
    a.block('site.port25', 'Outbound port 25 is blocked on this network (most ISPs block it).')
  } else if (i.site.port25 === 'unknown') {
    a.check('site.port25', 'Outbound port 25 was not checked from this network.')
  } else {
    a.reason('site.port25', 'Outbound port 25 is open from this network.')
  }
}

/** Neither method keeps a copy in a mailbox's Sent Items. */
export function sentItems(a: Assessment, i: DecisionInput): void {
  // [MS table] "Saves to Sent Items folder": client submission Yes; direct send No; relay No.
  if (i.answers.sentItemsCopy === 'yes') {
    a.block(
      'answers.sentItemsCopy',
      'Messages are not saved to a Sent Items folder with this method.',
    )
  }
}

/** The site address's standing: whether it passes SPF, and whether a blocklist names it. */
export function spfAndIp(a: Assessment, i: DecisionInput): void {
  if (i.site.spf === 'not-pass') {
    a.warn(
      'site.spf',
      "The site's address does not pass SPF for the domain yet: publish the record from the site checks, or mail may land in junk.",
    )
  } else if (i.site.spf === 'pass') {
    a.reason('site.spf', "The site's address passes SPF for the domain.")
  }
  // [MS option 2] "Sent mail might be disrupted if your IP addresses are blocked by a spam list."
  if (i.site.blocklisted === 'yes') {
    a.warn(
      'site.blocklisted',
      "The site's address is on a blocklist: mail may be refused or junked.",
    )
  }
}
