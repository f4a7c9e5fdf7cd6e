/**
 * How the Device step shows a catalogue family's capabilities: each as a question with the
 * catalogue's answer (with confidence and sources) or "not known", and the technician's own
 * answer, which wins. Pure, unit-tested.
 */
import {
  isKnown,
  type Confidence,
  type Fact,
  type PrinterFamily,
} from '../../../shared/catalog/types'
import type { DeviceCapabilities } from '../../../shared/decision/types'

export const CAPABILITY_ORDER: readonly (keyof DeviceCapabilities)[] = [
  'starttls587',
  'starttls25',
  'tls12',
  'smtpAuth',
  'oauthM365',
  'implicitTls465Only',
]

export const CAPABILITY_QUESTIONS: Record<
  keyof DeviceCapabilities,
  { name: string; question: string }
> = {
  starttls587: {
    name: 'STARTTLS on port 587',
    question: 'Can the device use STARTTLS on port 587?',
  },
  starttls25: {
    name: 'STARTTLS and sign-in on port 25',
    question: 'Can the device use STARTTLS and sign in (SMTP AUTH) on port 25?',
  },
  tls12: { name: 'TLS 1.2', question: 'Does the device firmware support TLS 1.2?' },
  smtpAuth: {
    name: 'SMTP sign-in',
    question: 'Can the device sign in to the SMTP server (user name and password)?',
  },
  oauthM365: {
    name: 'Microsoft 365 OAuth',
    question: 'Does the device offer Microsoft 365 / OAuth 2.0 sign-in?',
  },
  implicitTls465Only: {
    name: 'Only SSL/TLS on 465',
    question: 'Does the device offer only "SSL/TLS" on port 465 (no STARTTLS)?',
  },
}

export type CatalogueAnswer =
  | { kind: 'known'; text: string; confidence: Confidence; sources: string[]; note: string | null }
  | { kind: 'unknown'; note: string | null }

function fromFirmware(v: string | null): string {
  return v ? ` (from firmware ${v})` : ''
}

function signIn(at: 'panel' | 'web-ui' | 'both' | 'unknown'): string {
  if (at === 'panel') return '; signed in on the control panel'
  if (at === 'web-ui') return "; signed in from the device's web page"
  if (at === 'both') return '; signed in on the panel or the web page'
  return ''
}

function known<T>(fact: Fact<T>, text: (v: T) => string): CatalogueAnswer {
  if (!isKnown(fact)) return { kind: 'unknown', note: fact.note ?? null }
  return {
    kind: 'known',
    text: text(fact.value),
    confidence: fact.confidence,
    sources: fact.sources,
    note: fact.note ?? null,
  }
}

const yesNo = (v: boolean) => (v ? 'Yes' : 'No')

/** What the catalogue says of one capability of the family. */
export function catalogueAnswer(f: PrinterFamily, key: keyof DeviceCapabilities): CatalogueAnswer {
  const c = f.capabilities
  switch (key) {
    case 'starttls587':
      return known(c.starttls587, yesNo)
    case 'starttls25':
      return known(c.starttls25, yesNo)
    case 'implicitTls465Only':
      return known(c.implicitTls465Only, yesNo)
    case 'smtpAuth':
      return known(c.smtpAuth, yesNo)
    case 'tls12':
      return known(
        c.tls12,
        (v) => `${yesNo(v.supported)}${v.supported ? fromFirmware(v.fromFirmware) : ''}`,
      )
    case 'oauthM365':
      return known(
        c.oauthM365,
        (v) =>
          `${yesNo(v.supported)}${v.supported ? `${fromFirmware(v.fromFirmware)}${signIn(v.signInAt)}` : ''}`,
      )
  }
}

export const CONFIDENCE_LABELS: Record<Confidence, string> = {
  high: 'High confidence',
  medium: 'Medium confidence',
  low: 'Low confidence',
}

/** "learn.microsoft.com" for a source button; the whole URL when it does not parse. */
export function sourceHost(url: string): string {
  try {
    return new URL(url).hostname
  } catch {
    return url
  }
}
