/**
 * Inputs and outputs of the method decision. Every input is tri-state where the technician or the
 * network may not know: an unknown never blocks a method, it lowers it and says what to check.
 */
import type { Confidence } from '../catalog/types'

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
  /**
   * From the public-IP check: 'no' only when the address is private or carrier-grade NAT, or when
   * the sources disagree over it (see publicIpNotStatic). A reverse name is never enough.
   */
  publicIpStatic: TriState
  /** Why publicIpStatic is 'no'; null when it is not. */
  publicIpNotStatic: 'private-or-cgnat' | 'sources-disagree' | null
  /**
   * The reverse DNS name when it looks like a dynamic address pool: a hint shown with the
   * static-IP question, never a blocker (the technician's answer wins).
   */
  publicIpDynamicName: string | null
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
  /**
   * Basic auth (a password) for SMTP AUTH is blocked for the mailbox: an authentication policy, a
   * Conditional Access rule against legacy authentication, or Microsoft's default from the end of
   * December 2026. Unknown after that date counts as blocked.
   */
  basicAuthBlocked: TriState
}

/** A device fact the catalogue knows only from a weak source: it never decides alone. */
export interface WeakDeviceFact {
  confidence: Confidence
  sources: string[]
  note: string | null
}

/** What the catalogue adds to the device's capabilities, for the rules and the ways out. */
export interface DeviceHints {
  /**
   * Capabilities the catalogue states with low confidence (and the technician has not answered):
   * a weak "yes" lowers the method and asks to check on the device, a weak "no" never blocks.
   */
  weak: Partial<Record<keyof DeviceCapabilities, WeakDeviceFact>>
  /** The first firmware with Microsoft 365 OAuth, when the catalogue knows it. */
  oauthFromFirmware: { version: string; confidence: Confidence; sources: string[] } | null
  /** "HP FutureSmart Enterprise", or null for a device not in the catalogue. */
  familyName: string | null
}

export interface DecisionInput {
  site: SiteFacts
  device: DeviceCapabilities
  answers: DecisionAnswers
  /** Today's date (YYYY-MM-DD): the Basic-auth timeline depends on it. */
  today: string
  /** Confidence and firmware floors from the catalogue; absent: every device fact counts as firm. */
  hints?: DeviceHints
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
  /**
   * The port the device uses with this method here: client submission 587, or 25 when 587 is not
   * possible (Microsoft accepts both on smtp.office365.com); HVE 587; direct send and relay 25.
   */
  port: 587 | 25
  reasons: Finding[]
  blockers: Finding[]
  warnings: Finding[]
  /**
   * Questions still "not known" that matter to the choice among methods, though this method works
   * whatever the answer ("Still to answer"). An unknown is never among the reasons.
   */
  openQuestions: Finding[]
}

export type WayOutId =
  | 'firmware-oauth'
  | 'legacy-tls-endpoint'
  | 'hve-internal'
  | 'acs-email'
  | 'static-ip-relay'
  | 'site-oauth-relay'
  | 'third-party-relay'
  | 'replace-device'

/** Something outside the five Exchange Online methods as they stand here, that gets mail flowing. */
export interface WayOut {
  id: WayOutId
  title: string
  /** Why it fits this case, in one or two sentences. */
  why: string
  /** What it takes, in order. */
  takes: string[]
  /** Costs, limits and dates worth knowing before choosing it. */
  caveats: string[]
  /** The documents that say so. */
  sources: string[]
  /** How sure those sources are (high: Microsoft's own current page). */
  confidence: Confidence
}

export interface Decision {
  recommended: MethodId | null
  /** Every method, best first: viable ones by score, then the blocked ones. */
  ranked: MethodAssessment[]
  summary: string
  /**
   * When no method fits (recommended is null): the ways out, best first for this case. Empty
   * when a method fits.
   */
  waysOut: WayOut[]
}
