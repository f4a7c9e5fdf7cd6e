/**
 * Rules every configuration plan keeps, over every catalogue family and method: the tenant's
 * prerequisites before the device steps that need them, Copy buttons decided by field key, and a
 * security setting that agrees with the device's TLS 1.2.
 */
import { describe, expect, it } from 'vitest'

import { CATALOG } from '../../../../shared/catalog'
import { COPYABLE } from '../../../../shared/configure/config-field'
import { isConsentPitfall } from '../../../../shared/configure/device-steps'
import { configurationPlan } from '../../../../shared/configure/plan'
import type { PlanInput } from '../../../../shared/configure/plan-types'
import type { TriState } from '../../../../shared/decision/types'
import { ALL_METHODS, everyPlan } from '../../../helpers/config-field-keys'

const PLANS = everyPlan()

/** Every family × method × what the job may say of TLS 1.2 (undefined: the catalogue's word). */
function tlsPlans() {
  const out: { input: PlanInput; steps: ReturnType<typeof configurationPlan> }[] = []
  for (const family of CATALOG)
    for (const method of ALL_METHODS)
      for (const deviceTls12 of [undefined, 'yes', 'no', 'unknown'] as (TriState | undefined)[]) {
        const input: PlanInput = {
          method,
          port: 587,
          family,
          domain: 'contoso.com',
          senderAddress: 'scanner@contoso.com',
          mxHost: 'contoso-com.mail.protection.outlook.com',
          publicIp: '203.0.113.7',
          spfRecord: null,
          ...(deviceTls12 ? { deviceTls12 } : {}),
        }
        out.push({ input, steps: configurationPlan(input) })
      }
  return out
}

describe('every configuration plan', () => {
  it('has over 5,000 plans to check', () => {
    expect(PLANS.length).toBeGreaterThan(5000)
  })

  it('puts every tenant admin step before the first device step, and the test last', () => {
    const wrong: string[] = []
    for (const { input, steps } of PLANS) {
      const firstDevice = steps.findIndex((s) => s.who === 'device')
      const lastAdmin = steps.map((s) => s.who).lastIndexOf('admin')
      if (lastAdmin > firstDevice) wrong.push(`${input.family.id} ${input.method}`)
      if (steps.at(-1)?.id !== 'test-send') wrong.push(`${input.family.id} ${input.method}: test`)
    }
    expect(wrong).toEqual([])
  })

  it('lists what a step needs among the steps before it', () => {
    const wrong: string[] = []
    for (const { input, steps } of PLANS)
      steps.forEach((s, n) => {
        for (const id of s.needs ?? [])
          if (!steps.slice(0, n).some((earlier) => earlier.id === id))
            wrong.push(`${input.family.id} ${input.method}: ${s.id} needs ${id}`)
      })
    expect(wrong).toEqual([])
  })

  it('OAuth: SMTP AUTH and consent come before the sign-in on the device; consent is a step, not a pitfall', () => {
    const wrong: string[] = []
    for (const { input, steps } of PLANS) {
      if (input.method !== 'client-submission-oauth') continue
      const ids = steps.map((s) => s.id)
      const signIn = ids.indexOf('oauth-sign-in')
      const auth = ids.indexOf('admin-smtp-auth')
      const consent = ids.indexOf('admin-oauth-consent')
      if (!(auth >= 0 && consent >= 0 && auth < signIn && consent < signIn))
        wrong.push(`${input.family.id}: ${ids.join(',')}`)
      const pitfalls = steps.find((s) => s.id === 'pitfalls')?.text ?? ''
      const step = steps[consent]
      for (const p of input.family.pitfalls.filter(isConsentPitfall)) {
        if (pitfalls.includes(p.text)) wrong.push(`${input.family.id}: consent still a pitfall`)
        if (!step?.text.includes(p.text)) wrong.push(`${input.family.id}: consent step lacks it`)
        for (const src of p.sources)
          if (!step?.where?.sources.includes(src))
            wrong.push(`${input.family.id}: consent source ${src}`)
      }
    }
    expect(wrong).toEqual([])
  })

  it('no plan lists a consent pitfall among its pitfalls (it concerns the OAuth sign-in only)', () => {
    const wrong = PLANS.filter(({ input, steps }) =>
      input.family.pitfalls
        .filter(isConsentPitfall)
        .some((p) => steps.find((s) => s.id === 'pitfalls')?.text.includes(p.text)),
    ).map(({ input }) => `${input.family.id} ${input.method}`)
    expect(wrong).toEqual([])
    // The catalogue has such pitfalls, so this checks something.
    expect(CATALOG.some((f) => f.pitfalls.some(isConsentPitfall))).toBe(true)
  })

  it('password sign-in (Basic, HVE): the admin prerequisites come before the device settings', () => {
    const wrong: string[] = []
    for (const { input, steps } of PLANS) {
      const ids = steps.map((s) => s.id)
      const server = ids.indexOf('smtp-server')
      const before =
        input.method === 'client-submission-basic'
          ? ['admin-smtp-auth', 'admin-basic-auth']
          : input.method === 'high-volume-email'
            ? ['admin-hve']
            : []
      for (const id of before)
        if (!(ids.indexOf(id) >= 0 && ids.indexOf(id) < server))
          wrong.push(`${input.family.id} ${input.method}: ${id}`)
    }
    expect(wrong).toEqual([])
  })

  it('gives a Copy button exactly to the keys typed elsewhere, never to a placeholder', () => {
    const wrong: string[] = []
    const copied = new Set<string>()
    for (const { input, steps } of PLANS)
      for (const s of steps)
        for (const f of s.fields) {
          if (f.copy) copied.add(f.key)
          const placeholder =
            f.value === "The tenant's MX host (not found yet)" ||
            f.value.startsWith('(') ||
            f.value.includes('<site public IP>')
          if (f.copy !== (COPYABLE[f.key] && !placeholder))
            wrong.push(`${input.family.id} ${input.method} ${s.id}: ${f.key}="${f.value}"`)
        }
    expect(wrong).toEqual([])
    expect([...copied].sort()).toEqual(
      [
        'server',
        'port',
        'username',
        'fromAddress',
        'powershell',
        'spf-record',
        'connector-ip',
      ].sort(),
    )
    // Choices are never copyable: "OAuth 2.0 (Microsoft 365)", "On", "STARTTLS (TLS)".
    expect(COPYABLE.authentication || COPYABLE.security || COPYABLE.password).toBe(false)
  })

  it("says one thing about TLS: the security setting agrees with the device's TLS 1.2", () => {
    const wrong: string[] = []
    for (const { input, steps } of tlsPlans()) {
      const security = steps
        .find((s) => s.id === 'smtp-server')
        ?.fields.find((f) => f.key === 'security')
      const tls = input.deviceTls12 ?? 'catalogue'
      const where = `${input.family.id} ${input.method} tls12=${tls}`
      if (!security) {
        wrong.push(`${where}: no security field`)
        continue
      }
      const mx = input.method === 'direct-send' || input.method === 'smtp-relay'
      const says = `${security.value} ${security.hint ?? ''}`
      if (input.deviceTls12 === 'no' || (tls === 'catalogue' && noTls12(input))) {
        // Never "STARTTLS if offered, recommended" for a device that cannot do TLS 1.2.
        if (/recommended|if offered/i.test(says)) wrong.push(`${where}: ${says}`)
        if (mx && security.value !== 'Off (no STARTTLS)') wrong.push(`${where}: ${says}`)
        if (!mx && !/without TLS 1\.2.*update its firmware/.test(says))
          wrong.push(`${where}: ${says}`)
      } else if (/fail/i.test(says) && !/if the device has only TLS 1\.0 or 1\.1/i.test(says)) {
        wrong.push(`${where}: ${says}`)
      }
      if (input.deviceTls12 === 'yes' && mx && security.value !== 'STARTTLS (TLS)')
        wrong.push(`${where}: ${says}`)
    }
    expect(wrong).toEqual([])
  })
})

function noTls12(i: PlanInput): boolean {
  const t = i.family.capabilities.tls12
  return t.value !== 'unknown' && !t.value.supported
}
