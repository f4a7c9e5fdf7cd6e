/**
 * The method decision, table-driven: each scenario is a site, a device and the answers, with the
 * method Microsoft's rules lead to. A second block checks every row of Microsoft's comparison of
 * the three options (Microsoft's article on multifunction devices, "Compare the options";
 * docs/microsoft-365-facts.md, "The three ways to send").
 */
import { describe, expect, it } from 'vitest'

import { decide } from '../../../../shared/decision/decide'
import type {
  DecisionAnswers,
  DecisionInput,
  DeviceCapabilities,
  DeviceHints,
  MethodAssessment,
  MethodId,
  SiteFacts,
  WayOutId,
} from '../../../../shared/decision/types'
import { LEGACY_TLS_DOC } from '../../../../shared/decision/ways-out'
import { GOOD_SITE } from '../../../helpers/decision-input'

const goodSite = GOOD_SITE
const modern: DeviceCapabilities = {
  starttls587: 'yes',
  starttls25: 'unknown',
  tls12: 'yes',
  implicitTls465Only: 'no',
  smtpAuth: 'yes',
  oauthM365: 'yes',
}
const noOauth: DeviceCapabilities = { ...modern, oauthM365: 'no' }
const unknownDevice: DeviceCapabilities = {
  starttls587: 'unknown',
  starttls25: 'unknown',
  tls12: 'unknown',
  implicitTls465Only: 'unknown',
  smtpAuth: 'unknown',
  oauthM365: 'unknown',
}
const answers: DecisionAnswers = {
  mfaOrSecurityDefaults: 'no',
  externalRecipients: 'no',
  staticPublicIp: 'unknown',
  highVolume: 'no',
  sentItemsCopy: 'no',
  thirdPartyHosted: 'no',
  rejectDirectSend: 'no',
  basicAuthBlocked: 'no',
}

interface Scenario {
  name: string
  site?: Partial<SiteFacts>
  device?: Partial<DeviceCapabilities>
  answers?: Partial<DecisionAnswers>
  today?: string
  expect: MethodId | null
  /** Blockers expected on other methods: method → fact keys. */
  blocked?: Partial<Record<MethodId, string[]>>
  /** Text that must appear in the recommended method's warnings. */
  warns?: string[]
  /** The port the recommended method uses. */
  port?: 587 | 25
  hints?: Partial<DeviceHints>
  /** When nothing fits: the ways out expected first, in this order. */
  waysOut?: WayOutId[]
}

const noHints: DeviceHints = { weak: {}, oauthFromFirmware: null, familyName: null }

function input(s: Scenario, base: DeviceCapabilities = modern): DecisionInput {
  return {
    site: { ...goodSite, ...s.site },
    device: { ...base, ...s.device },
    answers: { ...answers, ...s.answers },
    today: s.today ?? '2026-11-28',
    hints: { ...noHints, ...s.hints },
  }
}

const weakYes = {
  confidence: 'low' as const,
  sources: ['https://forum.example/thread'],
  note: 'A third-party summary.',
}

const scenarios: Scenario[] = [
  {
    name: 'modern device, open network: OAuth client submission',
    expect: 'client-submission-oauth',
  },
  {
    name: 'no OAuth, internal only, port 25 open: direct send',
    device: noOauth,
    expect: 'direct-send',
    blocked: { 'client-submission-oauth': ['device.oauthM365'] },
  },
  {
    name: 'no OAuth, external recipients, static IP: relay',
    device: noOauth,
    answers: { externalRecipients: 'yes', staticPublicIp: 'yes' },
    expect: 'smtp-relay',
    blocked: {
      'direct-send': ['answers.externalRecipients'],
      'high-volume-email': ['answers.externalRecipients'],
    },
  },
  {
    name: 'no OAuth, external, dynamic IP: Basic auth (with its deadline)',
    device: noOauth,
    answers: { externalRecipients: 'yes', staticPublicIp: 'no' },
    expect: 'client-submission-basic',
    blocked: { 'smtp-relay': ['answers.staticPublicIp'] },
    warns: ['end of December 2026'],
  },
  {
    name: 'no OAuth, external, dynamic IP, MFA: nothing fits',
    device: noOauth,
    answers: { externalRecipients: 'yes', staticPublicIp: 'no', mfaOrSecurityDefaults: 'yes' },
    expect: null,
    blocked: { 'client-submission-basic': ['answers.mfaOrSecurityDefaults'] },
  },
  {
    name: '587 blocked but 25 open: OAuth on port 25',
    site: { port587: 'blocked' },
    expect: 'client-submission-oauth',
    warns: ['smtp.office365.com also accepts submission on port 25'],
  },
  {
    name: '587 and 25 blocked: nothing fits',
    site: { port587: 'blocked', port25: 'blocked' },
    expect: null,
    blocked: {
      'client-submission-oauth': ['site.port587'],
      'direct-send': ['site.port25'],
      'smtp-relay': ['site.port25'],
      'high-volume-email': ['site.port587'],
    },
  },
  {
    name: 'no TLS 1.2, internal: direct send',
    device: { tls12: 'no', oauthM365: 'no' },
    expect: 'direct-send',
    blocked: {
      'client-submission-oauth': ['device.tls12'],
      'client-submission-basic': ['device.tls12'],
      'high-volume-email': ['device.tls12'],
    },
  },
  {
    name: 'no TLS 1.2, external, static IP: relay',
    device: { tls12: 'no', oauthM365: 'no' },
    answers: { externalRecipients: 'yes', staticPublicIp: 'yes' },
    expect: 'smtp-relay',
  },
  {
    name: 'only implicit TLS on 465, internal: direct send',
    device: { implicitTls465Only: 'yes', starttls587: 'no' },
    expect: 'direct-send',
    blocked: { 'client-submission-oauth': ['device.implicitTls465Only', 'device.starttls587'] },
  },
  {
    name: 'high volume, internal: direct send',
    answers: { highVolume: 'yes' },
    expect: 'direct-send',
    blocked: {
      'client-submission-oauth': ['answers.highVolume'],
      'client-submission-basic': ['answers.highVolume'],
    },
  },
  {
    name: 'high volume, external, static: relay (with the bulk-mail caveat)',
    answers: { highVolume: 'yes', externalRecipients: 'yes', staticPublicIp: 'yes' },
    expect: 'smtp-relay',
    warns: ['not for bulk mail'],
  },
  {
    name: 'Sent Items wanted: OAuth client submission',
    answers: { sentItemsCopy: 'yes' },
    expect: 'client-submission-oauth',
    blocked: { 'direct-send': ['answers.sentItemsCopy'], 'smtp-relay': ['answers.sentItemsCopy'] },
  },
  {
    name: 'Sent Items wanted, no OAuth: Basic auth',
    device: noOauth,
    answers: { sentItemsCopy: 'yes' },
    expect: 'client-submission-basic',
  },
  {
    name: 'hosted by a third party, external: OAuth',
    answers: { thirdPartyHosted: 'yes', externalRecipients: 'yes', staticPublicIp: 'yes' },
    expect: 'client-submission-oauth',
    blocked: { 'smtp-relay': ['answers.thirdPartyHosted'] },
  },
  {
    name: 'hosted by a third party, no OAuth, external: Basic auth',
    device: noOauth,
    answers: { thirdPartyHosted: 'yes', externalRecipients: 'yes' },
    expect: 'client-submission-basic',
  },
  {
    name: 'Reject Direct Send on, no OAuth, internal, static IP: relay',
    device: noOauth,
    answers: { rejectDirectSend: 'yes', staticPublicIp: 'yes' },
    expect: 'smtp-relay',
    blocked: { 'direct-send': ['answers.rejectDirectSend'] },
  },
  {
    name: 'Reject Direct Send on, no OAuth, internal, dynamic IP: High Volume Email',
    device: noOauth,
    answers: { rejectDirectSend: 'yes', staticPublicIp: 'no' },
    expect: 'high-volume-email',
  },
  {
    name: 'STARTTLS fails from this network: direct send',
    site: { starttls: 'failed' },
    expect: 'direct-send',
    blocked: { 'client-submission-oauth': ['site.starttls'] },
  },
  {
    name: 'after December 2026, no OAuth, internal, port 25 blocked: HVE over Basic',
    device: noOauth,
    site: { port25: 'blocked' },
    today: '2027-01-15',
    expect: 'high-volume-email',
  },
  {
    name: 'after December 2026, no OAuth, external, port 25 blocked: Basic, turned back on by the admin',
    device: noOauth,
    site: { port25: 'blocked' },
    answers: { externalRecipients: 'yes' },
    today: '2027-01-15',
    expect: 'client-submission-basic',
    warns: ['disabled by default since the end of December 2026'],
  },
  {
    name: 'unknown device, internal: direct send (asks least of the device)',
    device: unknownDevice,
    expect: 'direct-send',
  },
  {
    name: 'unknown device, external: OAuth, with checks',
    device: unknownDevice,
    answers: { externalRecipients: 'yes' },
    expect: 'client-submission-oauth',
    warns: ['OAuth 2.0', 'TLS 1.2'],
  },
  {
    name: 'carrier-grade NAT, no OAuth, external: Basic (relay cannot name the address)',
    device: noOauth,
    site: { publicIpStatic: 'no' },
    answers: { externalRecipients: 'yes' },
    expect: 'client-submission-basic',
    blocked: { 'smtp-relay': ['site.publicIpStatic'] },
  },
  {
    name: 'blocklisted address, no OAuth, internal: direct send with a warning',
    device: noOauth,
    site: { blocklisted: 'yes' },
    expect: 'direct-send',
    warns: ['blocklist'],
  },
  {
    name: 'SPF does not pass yet, no OAuth, internal: direct send with the SPF warning',
    device: noOauth,
    site: { spf: 'not-pass' },
    expect: 'direct-send',
    warns: ['SPF'],
  },
  {
    name: 'third-party MX filter, no OAuth, internal: direct send with a warning',
    device: noOauth,
    site: { mxIsMicrosoft: 'no' },
    expect: 'direct-send',
    warns: ['third-party filter'],
  },
  {
    name: 'MFA with an OAuth device: OAuth (MFA is done at sign-in)',
    answers: { mfaOrSecurityDefaults: 'yes' },
    expect: 'client-submission-oauth',
    warns: ['Security Defaults'],
  },
  {
    name: 'MFA unknown, no OAuth, internal: direct send',
    device: noOauth,
    answers: { mfaOrSecurityDefaults: 'unknown' },
    expect: 'direct-send',
  },
  {
    name: 'offline: nothing checked, modern device: OAuth with network checks to do',
    site: {
      port587: 'unknown',
      port25: 'unknown',
      starttls: 'unknown',
      spf: 'unknown',
      mxIsMicrosoft: 'unknown',
      blocklisted: 'unknown',
      publicIp: null,
    },
    expect: 'client-submission-oauth',
    warns: ['not checked from this network'],
  },
  {
    name: 'no SMTP AUTH at all, internal: direct send',
    device: { smtpAuth: 'no', oauthM365: 'no' },
    expect: 'direct-send',
    blocked: {
      'client-submission-basic': ['device.smtpAuth'],
      'high-volume-email': ['device.smtpAuth'],
    },
  },
  {
    name: 'no STARTTLS on any port, external, static: relay',
    device: { starttls587: 'no', starttls25: 'no', oauthM365: 'no' },
    answers: { externalRecipients: 'yes', staticPublicIp: 'yes' },
    expect: 'smtp-relay',
    blocked: {
      'client-submission-oauth': ['device.starttls587', 'device.starttls25'],
      'client-submission-basic': ['device.starttls587', 'device.starttls25'],
    },
  },
  {
    name: 'volume unknown: OAuth with a volume check',
    answers: { highVolume: 'unknown' },
    expect: 'client-submission-oauth',
    warns: ['30 messages a minute'],
  },
  {
    name: 'external recipients unknown, no OAuth: direct send, asking to confirm',
    device: noOauth,
    answers: { externalRecipients: 'unknown' },
    expect: 'direct-send',
    warns: ['confirm nobody outside'],
  },
  // --- Port 25 submission (issue 13) ---
  {
    name: 'device fixed on port 25 with STARTTLS and AUTH, no OAuth, external, dynamic IP: Basic on 25',
    device: { starttls587: 'no', starttls25: 'yes', oauthM365: 'no' },
    answers: { externalRecipients: 'yes', staticPublicIp: 'no' },
    expect: 'client-submission-basic',
    port: 25,
    warns: ['also accepts submission on port 25'],
  },
  {
    name: 'device fixed on port 25 with OAuth: OAuth on 25',
    device: { starttls587: 'no', starttls25: 'yes' },
    answers: { externalRecipients: 'yes' },
    expect: 'client-submission-oauth',
    port: 25,
  },
  {
    name: '587 blocked, port 25 open, device unsure about 25: OAuth on 25 with a check',
    site: { port587: 'blocked' },
    answers: { externalRecipients: 'yes' },
    expect: 'client-submission-oauth',
    port: 25,
    warns: ['STARTTLS and SMTP sign-in with the port set to 25'],
  },
  {
    name: '587 blocked and the device cannot submit on 25, external, dynamic IP: nothing fits',
    site: { port587: 'blocked' },
    device: { starttls25: 'no' },
    answers: { externalRecipients: 'yes', staticPublicIp: 'no' },
    expect: null,
    blocked: { 'client-submission-oauth': ['site.port587', 'device.starttls25'] },
  },
  {
    name: 'both ports open, device does both: 587 (recommended)',
    device: { starttls25: 'yes' },
    expect: 'client-submission-oauth',
    port: 587,
  },
  // --- Basic auth blocked in the tenant ---
  {
    name: 'tenant blocks Basic, no OAuth, external, dynamic IP: nothing fits, ACS first',
    device: noOauth,
    answers: { externalRecipients: 'yes', staticPublicIp: 'no', basicAuthBlocked: 'yes' },
    expect: null,
    blocked: { 'client-submission-basic': ['answers.basicAuthBlocked'] },
    waysOut: ['acs-email', 'static-ip-relay', 'firmware-oauth'],
  },
  {
    name: 'after December 2026, Basic unknown, no OAuth, external, dynamic IP: counted as blocked',
    device: noOauth,
    answers: { externalRecipients: 'yes', staticPublicIp: 'no', basicAuthBlocked: 'unknown' },
    today: '2027-01-04',
    expect: null,
    blocked: { 'client-submission-basic': ['answers.basicAuthBlocked'] },
    waysOut: ['acs-email'],
  },
  {
    name: 'before the cut-over, Basic unknown: Basic stays possible, asking the admin',
    device: noOauth,
    answers: { externalRecipients: 'yes', staticPublicIp: 'no', basicAuthBlocked: 'unknown' },
    expect: 'client-submission-basic',
    warns: ['authentication policy or Conditional Access'],
  },
  {
    name: 'after December 2026, the admin confirms Basic is back on: Basic, until the final removal',
    device: noOauth,
    answers: { externalRecipients: 'yes', staticPublicIp: 'no', basicAuthBlocked: 'no' },
    today: '2027-01-04',
    expect: 'client-submission-basic',
    warns: ['second half of 2027'],
  },
  {
    name: 'after December 2026, Basic unknown, no OAuth, internal, port 25 blocked: HVE keeps Basic',
    device: noOauth,
    site: { port25: 'blocked' },
    answers: { basicAuthBlocked: 'unknown' },
    today: '2027-01-04',
    expect: 'high-volume-email',
    blocked: { 'client-submission-basic': ['answers.basicAuthBlocked'] },
  },
  // --- The reverse-name heuristic never overrides the technician ---
  {
    name: 'dynamic-looking reverse name, technician says static, no OAuth, external: relay',
    device: noOauth,
    site: { publicIpDynamicName: 'static-203-0-113-7.dsl.isp.test' },
    answers: { externalRecipients: 'yes', staticPublicIp: 'yes' },
    expect: 'smtp-relay',
  },
  {
    name: 'dynamic-looking reverse name, static unknown: relay possible, the name shown as a hint',
    device: noOauth,
    site: { publicIpDynamicName: 'dsl-203-0-113-7.dynamic.isp.test' },
    answers: { externalRecipients: 'yes', staticPublicIp: 'unknown', basicAuthBlocked: 'yes' },
    expect: 'smtp-relay',
    warns: ['dsl-203-0-113-7.dynamic.isp.test looks like a dynamic pool, which is only a hint'],
  },
  {
    name: 'carrier-grade NAT blocks relay even when the technician says static',
    device: noOauth,
    site: { publicIpStatic: 'no', publicIpNotStatic: 'private-or-cgnat' },
    answers: { externalRecipients: 'yes', staticPublicIp: 'yes' },
    expect: 'client-submission-basic',
    blocked: { 'smtp-relay': ['site.publicIpStatic'] },
  },
  {
    name: 'sources disagree, static not confirmed: relay blocked until the technician answers',
    device: noOauth,
    site: { publicIpStatic: 'no', publicIpNotStatic: 'sources-disagree' },
    answers: { externalRecipients: 'yes', staticPublicIp: 'unknown' },
    expect: 'client-submission-basic',
    blocked: { 'smtp-relay': ['site.publicIpStatic'] },
  },
  {
    name: 'sources disagree, technician confirms static: relay, listing every address',
    device: noOauth,
    site: { publicIpStatic: 'no', publicIpNotStatic: 'sources-disagree' },
    answers: { externalRecipients: 'yes', staticPublicIp: 'yes', basicAuthBlocked: 'yes' },
    expect: 'smtp-relay',
    warns: ['every address'],
  },
  // --- Weak catalogue facts never decide alone ---
  {
    name: 'OAuth "yes" from a weak source, external: OAuth, with a check on the device',
    answers: { externalRecipients: 'yes' },
    hints: { weak: { oauthM365: weakYes } },
    expect: 'client-submission-oauth',
    warns: ['Check on the device: an OAuth 2.0 / Microsoft 365 sign-in option'],
  },
  {
    name: 'OAuth "no" from a weak source does not block OAuth',
    device: { oauthM365: 'no' },
    answers: { externalRecipients: 'yes' },
    hints: { weak: { oauthM365: weakYes } },
    expect: 'client-submission-oauth',
    warns: ['The catalogue\'s "no" rests on a weak source only'],
  },
  {
    name: 'TLS 1.2 "no" from a weak source does not block submission',
    device: { tls12: 'no', oauthM365: 'yes' },
    answers: { externalRecipients: 'yes' },
    hints: { weak: { tls12: weakYes } },
    expect: 'client-submission-oauth',
  },
  // --- No method fits: the ways out ---
  {
    name: 'no OAuth at this firmware (the catalogue knows the floor), MFA, external, dynamic: firmware first',
    device: noOauth,
    answers: { externalRecipients: 'yes', staticPublicIp: 'no', mfaOrSecurityDefaults: 'yes' },
    hints: {
      oauthFromFirmware: {
        version: '5.7',
        confidence: 'high',
        sources: ['https://vendor.example/oauth'],
      },
      familyName: 'HP FutureSmart',
    },
    expect: null,
    waysOut: ['firmware-oauth', 'acs-email', 'static-ip-relay'],
  },
  {
    name: 'TLS 1.0 only, no OAuth, external, dynamic: the legacy endpoint is a stopgap way out',
    device: { tls12: 'no', oauthM365: 'no' },
    answers: { externalRecipients: 'yes', staticPublicIp: 'no' },
    expect: null,
    blocked: { 'client-submission-basic': ['device.tls12'] },
  },
  {
    name: 'internal mail, Sent Items wanted, no OAuth, Basic blocked: HVE way out is offered',
    device: noOauth,
    answers: { sentItemsCopy: 'yes', basicAuthBlocked: 'yes' },
    expect: null,
  },
]

const find = (ranked: MethodAssessment[], m: MethodId) => ranked.find((r) => r.method === m)!

describe('decide(): scenarios', () => {
  it('has at least 30 scenarios', () => expect(scenarios.length).toBeGreaterThanOrEqual(30))

  it.each(scenarios.map((s) => [s.name, s] as const))('%s', (_name, s) => {
    const d = decide(input(s))
    expect(d.recommended).toBe(s.expect)
    expect(d.ranked).toHaveLength(5)
    if (s.expect) {
      expect(d.ranked[0]?.method).toBe(s.expect)
      expect(d.ranked[0]?.viable).toBe(true)
      expect(d.summary.startsWith(d.ranked[0]!.title)).toBe(true)
      expect(d.waysOut).toEqual([])
      if (s.port) expect(d.ranked[0]?.port).toBe(s.port)
    } else {
      expect(d.ranked.every((r) => !r.viable)).toBe(true)
      expect(d.summary).toMatch(/^No Microsoft 365 method fits/)
      // Never a dead end: ways out, replacing the device last, each with what it takes and a source.
      expect(d.waysOut.length).toBeGreaterThan(1)
      expect(d.waysOut.at(-1)?.id).toBe('replace-device')
      for (const w of d.waysOut) {
        expect(w.takes.length).toBeGreaterThan(0)
        expect(w.sources.length).toBeGreaterThan(0)
        for (const url of w.sources) expect(url).toMatch(/^https:\/\//)
      }
      expect(d.summary).toContain(`Best way out here: ${d.waysOut[0]!.title}`)
      if (s.waysOut)
        expect(d.waysOut.map((w) => w.id).slice(0, s.waysOut.length)).toEqual(s.waysOut)
    }
    for (const [method, facts] of Object.entries(s.blocked ?? {})) {
      const got = find(d.ranked, method as MethodId).blockers.map((b) => b.fact)
      for (const f of facts) expect(got, `${method} blocked by ${f}`).toContain(f)
    }
    const top = d.ranked[0]!
    for (const w of s.warns ?? []) {
      expect(top.warnings.map((x) => x.text).join(' '), `warning "${w}"`).toContain(w)
    }
    // Ranking: viable methods first, then by score.
    const viable = d.ranked.filter((r) => r.viable)
    expect(d.ranked.slice(0, viable.length)).toEqual(viable)
  })

  it('never recommends Basic auth over a viable OAuth', () => {
    for (const s of scenarios) {
      const d = decide(input(s))
      const oauth = find(d.ranked, 'client-submission-oauth')
      if (oauth.viable) expect(d.recommended, s.name).not.toBe('client-submission-basic')
    }
  })

  it('Basic auth always carries its deadline, before and after the end of 2026', () => {
    const before = find(
      decide(input({ name: '', expect: null }, noOauth)).ranked,
      'client-submission-basic',
    )
    expect(before.warnings.find((w) => w.fact === 'today')?.text).toContain(
      'will be disabled by default at the end of December 2026',
    )
    const after = find(
      decide(input({ name: '', expect: null, today: '2027-02-01' }, noOauth)).ranked,
      'client-submission-basic',
    )
    expect(after.warnings.find((w) => w.fact === 'today')?.text).toContain(
      'disabled by default since the end of December 2026',
    )
    expect(after.score).toBeLessThan(before.score)
  })

  it('every blocker and warning names the fact it comes from', () => {
    for (const s of scenarios) {
      for (const r of decide(input(s)).ranked) {
        for (const f of [...r.blockers, ...r.warnings, ...r.reasons]) {
          expect(f.fact).toMatch(/^(site|device|answers)\.[a-zA-Z0-9]+$|^today$|^method$/)
          expect(f.text.length).toBeGreaterThan(10)
        }
      }
    }
  })
})

describe("decide() agrees with Microsoft's comparison of the three options", () => {
  const viable = (s: Scenario, m: MethodId) => find(decide(input(s)).ranked, m)
  const internal: Scenario = { name: 'internal', expect: null, answers: { staticPublicIp: 'yes' } }

  it('Send to recipients in your domain(s): all three', () => {
    for (const m of ['client-submission-oauth', 'direct-send', 'smtp-relay'] as const)
      expect(viable(internal, m).viable).toBe(true)
  })

  it('Relay to internet: client submission yes, direct send no (direct delivery only), relay yes', () => {
    const ext: Scenario = {
      name: 'external',
      expect: null,
      answers: { externalRecipients: 'yes', staticPublicIp: 'yes' },
    }
    expect(viable(ext, 'client-submission-oauth').viable).toBe(true)
    expect(viable(ext, 'direct-send').blockers.map((b) => b.fact)).toEqual([
      'answers.externalRecipients',
    ])
    expect(viable(ext, 'smtp-relay').viable).toBe(true)
  })

  it('Supports applications hosted by a third party: client submission yes, direct send yes (update SPF), relay no', () => {
    const hosted: Scenario = {
      name: 'hosted',
      expect: null,
      answers: { thirdPartyHosted: 'yes', staticPublicIp: 'yes' },
    }
    expect(viable(hosted, 'client-submission-oauth').viable).toBe(true)
    const direct = viable(hosted, 'direct-send')
    expect(direct.viable).toBe(true)
    expect(direct.warnings.map((w) => w.text).join(' ')).toContain('SPF')
    expect(viable(hosted, 'smtp-relay').blockers.map((b) => b.fact)).toEqual([
      'answers.thirdPartyHosted',
    ])
  })

  it('Saves to Sent Items folder: only client submission', () => {
    const sent: Scenario = {
      name: 'sent',
      expect: null,
      answers: { sentItemsCopy: 'yes', staticPublicIp: 'yes' },
    }
    expect(viable(sent, 'client-submission-oauth').viable).toBe(true)
    expect(viable(sent, 'direct-send').blockers.map((b) => b.fact)).toEqual([
      'answers.sentItemsCopy',
    ])
    expect(viable(sent, 'smtp-relay').blockers.map((b) => b.fact)).toEqual([
      'answers.sentItemsCopy',
    ])
  })

  it('Open network port: client submission 587 (or 25); direct send and relay 25', () => {
    const no25: Scenario = {
      name: 'no25',
      expect: null,
      site: { port25: 'blocked' },
      answers: { staticPublicIp: 'yes' },
    }
    expect(viable(no25, 'client-submission-oauth').viable).toBe(true)
    expect(viable(no25, 'direct-send').blockers.map((b) => b.fact)).toEqual(['site.port25'])
    expect(viable(no25, 'smtp-relay').blockers.map((b) => b.fact)).toEqual(['site.port25'])
    const no587: Scenario = {
      name: 'no587',
      expect: null,
      site: { port587: 'blocked', port25: 'blocked' },
    }
    expect(viable(no587, 'client-submission-oauth').blockers.map((b) => b.fact)).toContain(
      'site.port587',
    )
  })

  it('Device must support TLS: required for client submission, optional for direct send and relay', () => {
    const oldTls: Scenario = {
      name: 'old',
      expect: null,
      device: { tls12: 'no' },
      answers: { staticPublicIp: 'yes' },
    }
    expect(viable(oldTls, 'client-submission-oauth').blockers.map((b) => b.fact)).toEqual([
      'device.tls12',
    ])
    expect(viable(oldTls, 'direct-send').viable).toBe(true)
    expect(viable(oldTls, 'smtp-relay').viable).toBe(true)
  })

  it('Requires authentication: a user name and password (or OAuth) / none / static IP addresses', () => {
    const noAuth: Scenario = {
      name: 'noauth',
      expect: null,
      device: { smtpAuth: 'no' },
      answers: { staticPublicIp: 'no' },
    }
    expect(viable(noAuth, 'client-submission-oauth').blockers.map((b) => b.fact)).toContain(
      'device.smtpAuth',
    )
    expect(viable(noAuth, 'direct-send').viable).toBe(true)
    expect(viable(noAuth, 'smtp-relay').blockers.map((b) => b.fact)).toEqual([
      'answers.staticPublicIp',
    ])
  })

  it('Throttling: client submission 30 messages a minute and 10,000 recipients a day; the others higher', () => {
    const bulk: Scenario = {
      name: 'bulk',
      expect: null,
      answers: { highVolume: 'yes', staticPublicIp: 'yes' },
    }
    expect(
      viable(bulk, 'client-submission-oauth')
        .blockers.map((b) => b.text)
        .join(' '),
    ).toContain('30 messages a minute and 10,000 recipients a day')
    expect(viable(bulk, 'direct-send').viable).toBe(true)
    expect(viable(bulk, 'smtp-relay').viable).toBe(true)
  })

  it('Security Defaults / MFA: not compatible with password client submission (options 2 and 3 instead)', () => {
    const mfa: Scenario = {
      name: 'mfa',
      expect: null,
      device: noOauth,
      answers: { mfaOrSecurityDefaults: 'yes', staticPublicIp: 'yes' },
    }
    expect(viable(mfa, 'client-submission-basic').blockers.map((b) => b.fact)).toEqual([
      'answers.mfaOrSecurityDefaults',
    ])
    expect(viable(mfa, 'direct-send').viable).toBe(true)
    expect(viable(mfa, 'smtp-relay').viable).toBe(true)
  })

  it('High Volume Email: internal recipients only', () => {
    const ext: Scenario = { name: 'ext', expect: null, answers: { externalRecipients: 'yes' } }
    expect(viable(ext, 'high-volume-email').blockers.map((b) => b.fact)).toEqual([
      'answers.externalRecipients',
    ])
  })
})

describe('decide(): the issue 13 rules in detail', () => {
  const run = (s: Omit<Scenario, 'name' | 'expect'>) =>
    decide(input({ name: '', expect: null, ...s }))
  const m = (d: ReturnType<typeof decide>, id: MethodId) => find(d.ranked, id)

  it('every method carries its port: 587 or 25 for submission, 587 for HVE, 25 for the MX', () => {
    const d = run({ site: { port587: 'blocked' } })
    expect(m(d, 'client-submission-oauth').port).toBe(25)
    expect(m(d, 'client-submission-basic').port).toBe(25)
    expect(m(d, 'high-volume-email').port).toBe(587)
    expect(m(d, 'high-volume-email').blockers.map((b) => b.fact)).toContain('site.port587')
    expect(m(d, 'direct-send').port).toBe(25)
    expect(m(d, 'smtp-relay').port).toBe(25)
    expect(m(run({}), 'client-submission-oauth').port).toBe(587)
  })

  it('port 25 is never tried for a device that only offers implicit TLS on 465', () => {
    const d = run({
      device: { implicitTls465Only: 'yes', starttls587: 'no', starttls25: 'unknown' },
    })
    const oauth = m(d, 'client-submission-oauth')
    expect(oauth.viable).toBe(false)
    expect(oauth.port).toBe(587)
  })

  it('Security Defaults: quotes Microsoft, with the source, for password and OAuth sign-in alike', () => {
    const d = run({ device: noOauth, answers: { mfaOrSecurityDefaults: 'yes' } })
    const text = m(d, 'client-submission-basic')
      .blockers.map((b) => b.text)
      .join(' ')
    expect(text).toContain(
      'If security defaults is enabled in your organization, SMTP AUTH is already disabled in Exchange Online.',
    )
    const oauth = m(run({ answers: { mfaOrSecurityDefaults: 'yes' } }), 'client-submission-oauth')
    expect(oauth.warnings.map((w) => w.text).join(' ')).toContain(
      'To use SMTP AUTH, you need to disable security defaults',
    )
  })

  it('a weak "yes" lowers the method against the same fact stated firmly', () => {
    const firm = m(run({}), 'client-submission-oauth').score
    const weak = m(run({ hints: { weak: { oauthM365: weakYes } } }), 'client-submission-oauth')
    expect(weak.score).toBeLessThan(firm)
    expect(weak.warnings.find((w) => w.fact === 'device.oauthM365')?.text).toMatch(
      /^Check on the device: an OAuth 2\.0 .*The catalogue's "yes" rests on a weak source only \(low confidence/,
    )
  })

  it('the legacy TLS endpoint comes with its sources and its limits, never as a plan', () => {
    const d = run({
      device: { tls12: 'no', oauthM365: 'no' },
      answers: { externalRecipients: 'yes', staticPublicIp: 'no' },
    })
    const legacy = d.waysOut.find((w) => w.id === 'legacy-tls-endpoint')!
    expect(legacy.sources).toContain(LEGACY_TLS_DOC)
    expect(legacy.confidence).toBe('medium')
    expect(legacy.takes.join(' ')).toContain('Set-TransportConfig -AllowLegacyTLSClients $true')
    expect(legacy.caveats.join(' ')).toContain('no end date')
    expect(legacy.caveats.join(' ')).toContain('second half of 2027')
    // Not offered once the tenant blocks Basic: the legacy endpoint is password sign-in only.
    const blocked = run({
      device: { tls12: 'no', oauthM365: 'no' },
      answers: { externalRecipients: 'yes', staticPublicIp: 'no', basicAuthBlocked: 'yes' },
    })
    expect(blocked.waysOut.map((w) => w.id)).not.toContain('legacy-tls-endpoint')
  })

  it('ACS Email over SMTP: endpoint, TLS, user name, secret, verified domain and cost', () => {
    const d = run({
      device: noOauth,
      answers: { externalRecipients: 'yes', staticPublicIp: 'no', basicAuthBlocked: 'yes' },
    })
    const acs = d.waysOut[0]!
    expect(acs.id).toBe('acs-email')
    const text = [...acs.takes, ...acs.caveats].join(' ')
    for (const s of [
      'smtp.azurecomm.net, port 587, STARTTLS',
      'SMTP Username',
      'client secret',
      'verified',
      'Pay as you go',
    ])
      expect(text).toContain(s)
    expect(acs.sources[0]).toContain('learn.microsoft.com')
  })

  it('HVE as a way out: internal recipients only, smtp.hve.mx.microsoft:587, Basic until September 2028', () => {
    const d = run({ device: noOauth, answers: { sentItemsCopy: 'yes', basicAuthBlocked: 'yes' } })
    const hve = d.waysOut.find((w) => w.id === 'hve-internal')!
    expect(hve.takes.join(' ')).toContain('smtp.hve.mx.microsoft, port 587')
    expect(hve.why).toContain('September 2028')
  })

  it('the firmware way out names the catalogue floor and its source', () => {
    const d = run({
      device: noOauth,
      answers: { externalRecipients: 'yes', staticPublicIp: 'no', mfaOrSecurityDefaults: 'yes' },
      hints: {
        oauthFromFirmware: {
          version: '5.7',
          confidence: 'medium',
          sources: ['https://vendor.example/oauth'],
        },
        familyName: 'HP FutureSmart',
      },
    })
    const fw = d.waysOut[0]!
    expect(fw.title).toBe('Update the firmware to 5.7 or later, for Microsoft 365 OAuth')
    expect(fw.sources).toContain('https://vendor.example/oauth')
    expect(fw.confidence).toBe('medium')
  })

  describe('what the technician reads for each new blocker and warning', () => {
    const texts = (fs: readonly { fact: string; text: string }[], fact: string) =>
      fs.filter((f) => f.fact === fact).map((f) => f.text)

    it('neither port for submission: 587 blocked, 25 blocked too, the device not on 25 either', () => {
      const d = run({
        site: { port587: 'blocked', port25: 'blocked' },
        device: { starttls25: 'no' },
      })
      const b = m(d, 'client-submission-oauth').blockers
      expect(texts(b, 'site.port587')).toEqual([
        'Port 587 to smtp.office365.com is blocked on this network.',
      ])
      expect(texts(b, 'site.port25')).toEqual([
        'Port 25, which Microsoft also accepts for submission, is blocked on this network too.',
      ])
      expect(texts(b, 'device.starttls25')).toEqual([
        'The device cannot use STARTTLS and sign in on port 25 either.',
      ])
    })

    it('submission moved to 25: says why and what to set', () => {
      const device = run({ device: { starttls587: 'no', starttls25: 'yes' } })
      expect(texts(m(device, 'client-submission-oauth').warnings, 'device.starttls587')).toEqual([
        'The device cannot use STARTTLS on port 587; smtp.office365.com also accepts submission on port 25: set the device to port 25.',
      ])
      const site = run({
        site: { port587: 'blocked', port25: 'unknown' },
        device: { starttls25: 'yes' },
      })
      const w = m(site, 'client-submission-oauth').warnings
      expect(texts(w, 'site.port587')).toEqual([
        'Port 587 is blocked here; smtp.office365.com also accepts submission on port 25: set the device to port 25.',
      ])
      expect(texts(w, 'site.port25')).toEqual([
        'Port 25 to smtp.office365.com was not checked from this network.',
      ])
    })

    it('Basic blocked by the tenant, or counted as blocked after the cut-over', () => {
      const yes = run({ device: noOauth, answers: { basicAuthBlocked: 'yes' } })
      expect(texts(m(yes, 'client-submission-basic').blockers, 'answers.basicAuthBlocked')).toEqual(
        [
          'The tenant blocks password (Basic) sign-in for SMTP AUTH (an authentication policy, a Conditional Access rule against legacy authentication, or the end-of-2026 default): the device would get "535 5.7.139".',
        ],
      )
      const after = run({
        device: noOauth,
        answers: { basicAuthBlocked: 'unknown' },
        today: '2027-01-04',
      })
      const [text] = texts(m(after, 'client-submission-basic').blockers, 'answers.basicAuthBlocked')
      expect(text).toMatch(/^Counted as blocked: since the end of December 2026 Microsoft turns/)
      expect(text).toContain('answer "No" to the question')
    })

    it('relay and the public address: shared, sources that disagree, or every address to list', () => {
      const relay = (site: Partial<SiteFacts>, staticPublicIp: 'yes' | 'unknown') =>
        m(
          run({ site: { publicIpStatic: 'no', ...site }, answers: { staticPublicIp } }),
          'smtp-relay',
        )
      expect(
        texts(
          relay({ publicIpNotStatic: 'private-or-cgnat' }, 'yes').blockers,
          'site.publicIpStatic',
        ),
      ).toEqual([
        "The site's public address is private or carrier-grade NAT (shared with the ISP's other customers), so an IP-based connector cannot name it.",
      ])
      expect(
        texts(
          relay({ publicIpNotStatic: 'sources-disagree' }, 'unknown').blockers,
          'site.publicIpStatic',
        ),
      ).toEqual([
        'The public-address sources disagree (several internet lines, or mail leaving another way than web traffic): confirm which static address mail leaves from, then answer the static-IP question.',
      ])
      expect(
        texts(
          relay({ publicIpNotStatic: 'sources-disagree' }, 'yes').warnings,
          'site.publicIpStatic',
        ),
      ).toEqual([
        'The public-address sources disagree: the connector must list every address mail can leave this site from.',
      ])
    })
  })
})
