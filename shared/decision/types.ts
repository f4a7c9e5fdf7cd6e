/**
 * Inputs and outputs of the method decision. Every input is tri-state where the technician or the
 * network may not know: an unknown never blocks a method, it lowers it and says what to check.
 */

export type TriState = 'yes' | 'no' | 'unknown'

/** What the site checks found from this network. */
export interface SiteFacts {
  /** Port 587 to smtp.office365.com. */
  port587: 'open' | 'blocked' | 'unknown'
  /** Outbound port 25 (to smtp.office365.com or the tenant MX). */
  port25: 'open' | 'blocked' | 'unknown'
  /** STARTTLS with TLS 1.2+ and a certificate that verifies, on smtp.office365.com:587. */
  starttls: 'ok' | 'failed' | 'unknown'
  publicIp: string | null
  /** From the public-IP check: 'no' when the address is CGNAT/private or looks dynamic. */
  publicIpStatic: TriState
  /** The SPF verdict for the site's address. */
  spf: 'pass' | 'not-pass' | 'unknown'
  mxIsMicrosoft: TriState
  blocklisted: TriState
}

/** What the device can do, from the catalogue, the firmware, or the technician's answers. */
export interface DeviceCapabilities {
  starttls587: TriState
  /** STARTTLS and SMTP AUTH on port 25: client submission on 25 when 587 is not possible. */
  starttls25: TriState
  tls12: TriState
  implicitTls465Only: TriState
  smtpAuth: TriState
  oauthM365: TriState
}

/** The few questions the Decision step asks. */
export interface DecisionAnswers {
  /** Security Defaults or MFA apply to the mailbox the device would sign in with. */
  mfaOrSecurityDefaults: TriState
  externalRecipients: TriState
  /** The site has a static public IP address not shared with another organisation. */
  staticPublicIp: TriState
  /** More than 30 messages a minute or 10,000 recipients a day. */
  highVolume: TriState
  sentItemsCopy: TriState
  /** The sending device or application is hosted by a third party (a cloud service). */
  thirdPartyHosted: TriState
  /** The tenant has Reject Direct Send turned on (Set-OrganizationConfig -RejectDirectSend). */
  rejectDirectSend: TriState
}

export interface DecisionInput {
  site: SiteFacts
  device: DeviceCapabilities
  answers: DecisionAnswers
  /** Today's date (YYYY-MM-DD): the Basic-auth timeline depends on it. */
  today: string
}

export type MethodId =
  | 'client-submission-oauth'
  | 'client-submission-basic'
  | 'direct-send'
  | 'smtp-relay'
  | 'high-volume-email'

/** The input a blocker, warning or reason comes from, e.g. `site.port25`, `answers.externalRecipients`. */
export type FactKey =
  | `site.${keyof SiteFacts}`
  | `device.${keyof DeviceCapabilities}`
  | `answers.${keyof DecisionAnswers}`
  /** The date (the Basic-auth timeline). */
  | 'today'
  /** Something inherent to the method (a licence, an account, a setting in the tenant). */
  | 'method'

export interface Finding {
  fact: FactKey
  text: string
}

export interface MethodAssessment {
  method: MethodId
  title: string
  /** No blocker: the method can work here. */
  viable: boolean
  /** Higher is better; only used to rank. */
  score: number
  reasons: Finding[]
  blockers: Finding[]
  warnings: Finding[]
}

export interface Decision {
  recommended: MethodId | null
  /** Every method, best first: viable ones by score, then the blocked ones. */
  ranked: MethodAssessment[]
  summary: string
}
