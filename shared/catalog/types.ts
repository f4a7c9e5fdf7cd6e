/**
 * The printer catalogue's shape. Plain types (no zod) so the renderer can import the data; the
 * runtime schema that checks every entry lives in schema.ts and runs in tests and main.
 *
 * Rule: a fact is either known — with at least one source URL and a confidence — or exactly
 * 'unknown'. Nothing is filled in by guesswork.
 */

/** H: the vendor's own current document says so. M: vendor document for a sibling model or an older firmware, or a reputable dealer/integrator. L: a single third-party or community report. */
export type Confidence = 'high' | 'medium' | 'low'

export type VendorId =
  | 'hp'
  | 'canon'
  | 'xerox'
  | 'ricoh'
  | 'brother'
  | 'kyocera'
  | 'konica-minolta'
  | 'sharp'
  | 'lexmark'
  | 'epson'
  | 'generic'

export interface KnownFact<T> {
  value: T
  confidence: Confidence
  /** URLs of the documents that say so (at least one). */
  sources: string[]
  /** What exactly the source says, or a caveat (which firmware, which sub-model). */
  note?: string
}

/** A fact nobody could source. `note` may say what to check on the device. */
export interface UnknownFact {
  value: 'unknown'
  note?: string
}

export type Fact<T> = KnownFact<T> | UnknownFact

export interface OAuthSupport {
  supported: boolean
  /** First firmware (or platform version) with Microsoft 365 OAuth, when known. */
  fromFirmware: string | null
  /** Where the Microsoft sign-in (device code / consent) is done. */
  signInAt: 'panel' | 'web-ui' | 'both' | 'unknown'
}

export interface Tls12Support {
  supported: boolean
  /** First firmware with TLS 1.2, when it matters and is known. */
  fromFirmware: string | null
}

/** The labels the device uses for each SMTP setting, as they appear on screen. */
export interface SmtpFieldNames {
  server?: string
  port?: string
  security?: string
  authentication?: string
  username?: string
  password?: string
  fromAddress?: string
}

export interface Pitfall {
  text: string
  confidence: Confidence
  sources: string[]
}

export interface PrinterFamily {
  /** Stable id, kebab-case, `vendor-family` (e.g. `hp-futuresmart-enterprise`). */
  id: string
  vendor: VendorId
  /** Vendor as written for people (e.g. "Konica Minolta"). */
  vendorName: string
  family: string
  exampleModels: string[]
  /** Words a technician may type to find the family (series names, platform names). */
  aliases: string[]
  /** Where the email/SMTP settings live in the device's web UI, one menu level per item. */
  webUiPath: Fact<string[]>
  /** Where they live on the control panel, one menu level per item. */
  panelPath: Fact<string[]>
  fieldNames: Fact<SmtpFieldNames>
  capabilities: {
    starttls587: Fact<boolean>
    /** STARTTLS and SMTP AUTH on port 25 (client submission on 25 when 587 is not possible). */
    starttls25: Fact<boolean>
    tls12: Fact<Tls12Support>
    /** True when the device offers only implicit TLS on 465 (no STARTTLS): client submission impossible. */
    implicitTls465Only: Fact<boolean>
    smtpAuth: Fact<boolean>
    oauthM365: Fact<OAuthSupport>
  }
  limits: {
    passwordMaxLength: Fact<number>
    attachmentMaxMb: Fact<number>
  }
  pitfalls: Pitfall[]
}

export interface Catalog {
  families: PrinterFamily[]
}

export function isKnown<T>(fact: Fact<T>): fact is KnownFact<T> {
  return fact.value !== 'unknown'
}
