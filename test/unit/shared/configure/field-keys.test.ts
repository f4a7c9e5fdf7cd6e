import { describe, expect, it } from 'vitest'

import { isKnown, type SmtpFieldNames } from '../../../../shared/catalog/types'
import { GENERIC_LABELS } from '../../../../shared/configure/device-steps'
import type { DeviceFieldKey } from '../../../../shared/configure/plan-types'
import { CONFIG_FIELD_KEYS, everyPlan } from '../../../helpers/config-field-keys'

const PLANS = everyPlan()
/** Methods where the device signs in with the mailbox's password, typed on the device. */
const PASSWORD_METHODS = new Set(['client-submission-basic', 'high-volume-email'])
/** Password in the languages device menus use (the union of what the code once matched). */
const LOOKS_LIKE_A_PASSWORD = /password|passwort|kennwort|mot de passe/i

/** Each field of every plan with where it is, for the checks below (collected, then asserted once). */
const FIELDS = PLANS.flatMap(({ input, steps }) =>
  steps.flatMap((s) =>
    s.fields.map((f) => ({
      ...f,
      step: s.id,
      where: `${input.family.id} ${input.method} ${s.id}`,
    })),
  ),
)

describe('configuration field keys, in every plan of every catalogue family', () => {
  it('covers every family and method', () => {
    const families = new Set(PLANS.map((p) => p.input.family.id))
    const methods = new Set(PLANS.map((p) => p.input.method))
    expect(families.size).toBeGreaterThan(30)
    expect(methods.size).toBe(5)
  })

  it('every field has a key, once per step', () => {
    expect(FIELDS.filter((f) => !CONFIG_FIELD_KEYS.includes(f.key))).toEqual([])
    const repeated = PLANS.flatMap(({ steps }) =>
      steps.filter((s) => new Set(s.fields.map((f) => f.key)).size !== s.fields.length),
    )
    expect(repeated).toEqual([])
  })

  it("device settings carry the device's own label for their key, else a generic one", () => {
    const wrong: string[] = []
    for (const { input, steps } of PLANS) {
      const names: SmtpFieldNames = isKnown(input.family.fieldNames)
        ? input.family.fieldNames.value
        : {}
      const server = steps.find((s) => s.id === 'smtp-server')
      if (!server) wrong.push(`${input.family.id} ${input.method}: no smtp-server step`)
      for (const f of server?.fields ?? []) {
        const key = f.key as DeviceFieldKey
        if (!(key in GENERIC_LABELS) || f.label !== (names[key] ?? GENERIC_LABELS[key]))
          wrong.push(`${input.family.id} ${input.method}: ${f.key} "${f.label}"`)
      }
    }
    expect(wrong).toEqual([])
  })

  it('exactly the field a person types secretly is keyed password, and it holds no secret', () => {
    const wrong: string[] = []
    for (const { input, steps } of PLANS) {
      const secret = steps.flatMap((s) =>
        s.fields.filter((f) => f.key === 'password').map((f) => ({ step: s.id, ...f })),
      )
      const names = isKnown(input.family.fieldNames) ? input.family.fieldNames.value : {}
      const expected = PASSWORD_METHODS.has(input.method)
        ? [
            {
              step: 'smtp-server',
              key: 'password',
              label: names.password ?? 'Password',
              value: "The mailbox's password",
              copy: false,
              hint: 'Type it on the device; ScanPath never shows or stores it here.',
            },
          ]
        : []
      if (JSON.stringify(secret) !== JSON.stringify(expected))
        wrong.push(`${input.family.id} ${input.method}: ${JSON.stringify(secret)}`)
    }
    expect(wrong).toEqual([])
  })

  it('no other field reads like a password (labels and keys agree)', () => {
    // The report and the checklist once found the password field by label, with two patterns
    // (one without "mot de passe"); on every real plan both picked exactly the password field.
    const disagree = FIELDS.filter(
      (f) => LOOKS_LIKE_A_PASSWORD.test(f.label) !== (f.key === 'password'),
    )
    expect(disagree.map((f) => `${f.where}: ${f.label}`)).toEqual([])
  })

  it('PowerShell lines and the SPF record are keyed, whatever their labels', () => {
    const powershell = FIELDS.filter((f) => (f.key === 'powershell') !== (f.label === 'PowerShell'))
    const spf = FIELDS.filter((f) => (f.key === 'spf-record') !== (f.step === 'admin-spf'))
    expect([...powershell, ...spf].map((f) => `${f.where}: ${f.key} "${f.label}"`)).toEqual([])
  })
})
