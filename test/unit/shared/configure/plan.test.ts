import { describe, expect, it } from 'vitest'

import { GENERIC_SMTP_DEVICE } from '../../../../shared/catalog/generic'
import type { PrinterFamily } from '../../../../shared/catalog/types'
import { configurationPlan } from '../../../../shared/configure/plan'
import type { PlanInput } from '../../../../shared/configure/plan-types'

const src = ['https://vendor.example/manual']
const known: PrinterFamily = {
  ...GENERIC_SMTP_DEVICE,
  id: 'hp-example',
  vendor: 'hp',
  vendorName: 'HP',
  family: 'Example MFP',
  webUiPath: {
    value: ['Scan', 'Email Setup', 'Outgoing Email Servers (SMTP)'],
    confidence: 'high',
    sources: src,
  },
  fieldNames: {
    value: { server: 'Server Address', port: 'Port', username: 'User Name' },
    confidence: 'medium',
    sources: src,
  },
  capabilities: {
    ...GENERIC_SMTP_DEVICE.capabilities,
    oauthM365: {
      value: { supported: true, fromFirmware: '5.7', signInAt: 'web-ui' },
      confidence: 'high',
      sources: src,
    },
  },
  pitfalls: [
    { text: 'Passwords longer than 32 characters are cut.', confidence: 'low', sources: src },
  ],
}

const base: PlanInput = {
  method: 'client-submission-oauth',
  port: 587,
  family: known,
  domain: 'contoso.com',
  senderAddress: 'scanner@contoso.com',
  mxHost: 'contoso-com.mail.protection.outlook.com',
  publicIp: '203.0.113.7',
  spfRecord: 'v=spf1 ip4:203.0.113.7 include:spf.protection.outlook.com -all',
}

const values = (steps: ReturnType<typeof configurationPlan>, id: string) =>
  Object.fromEntries(steps.find((s) => s.id === id)!.fields.map((f) => [f.label, f.value]))

describe('configuration plan', () => {
  it('OAuth client submission: the admin command and consent first, then the device labels, smtp.office365.com:587 STARTTLS, the sign-in', () => {
    const steps = configurationPlan(base)
    expect(steps.map((s) => s.id)).toEqual([
      'admin-smtp-auth',
      'admin-oauth-consent',
      'open-settings',
      'smtp-server',
      'oauth-sign-in',
      'pitfalls',
      'test-send',
    ])
    expect(steps.find((s) => s.id === 'oauth-sign-in')?.needs).toEqual([
      'admin-smtp-auth',
      'admin-oauth-consent',
    ])
    expect(steps.find((s) => s.id === 'open-settings')?.where?.path).toEqual([
      'Scan',
      'Email Setup',
      'Outgoing Email Servers (SMTP)',
    ])
    expect(values(steps, 'smtp-server')).toEqual({
      'Server Address': 'smtp.office365.com',
      Port: '587',
      Security: 'STARTTLS (TLS)',
      'SMTP authentication': 'OAuth 2.0 (Microsoft 365)',
      'User Name': 'scanner@contoso.com',
      'From address': 'scanner@contoso.com',
    })
    expect(steps.find((s) => s.id === 'oauth-sign-in')?.text).toContain("in the device's web page")
    expect(values(steps, 'admin-smtp-auth').PowerShell).toBe(
      'Set-CASMailbox -Identity scanner@contoso.com -SmtpClientAuthenticationDisabled $false',
    )
    expect(steps.find((s) => s.id === 'pitfalls')?.text).toContain(
      'Passwords longer than 32 characters',
    )
  })

  it('Basic client submission asks for the password on the device and never holds it', () => {
    const steps = configurationPlan({ ...base, method: 'client-submission-basic' })
    const pw = steps
      .find((s) => s.id === 'smtp-server')!
      .fields.find((f) => f.label === 'Password')!
    expect(pw).toMatchObject({ value: "The mailbox's password", copy: false })
    expect(steps.map((s) => s.id)).not.toContain('oauth-sign-in')
    // The admin checks Basic is allowed for SMTP AUTH (off by default from the end of 2026).
    const basic = steps.find((s) => s.id === 'admin-basic-auth')!
    expect(basic.text).toContain('end of December 2026')
    expect(values(steps, 'admin-basic-auth').PowerShell).toBe(
      'Get-AuthenticationPolicy | Format-List Name,AllowBasicAuthSmtp',
    )
    expect(configurationPlan(base).map((s) => s.id)).not.toContain('admin-basic-auth')
    expect(
      configurationPlan({ ...base, method: 'high-volume-email' }).map((s) => s.id),
    ).not.toContain('admin-basic-auth')
  })

  it('direct send: the MX endpoint on 25, no authentication, SPF and the Reject Direct Send check', () => {
    const steps = configurationPlan({ ...base, method: 'direct-send' })
    expect(values(steps, 'smtp-server')).toMatchObject({
      'Server Address': 'contoso-com.mail.protection.outlook.com',
      Port: '25',
      'SMTP authentication': 'Off',
    })
    expect(values(steps, 'admin-spf')['TXT record']).toBe(
      'v=spf1 ip4:203.0.113.7 include:spf.protection.outlook.com -all',
    )
    expect(steps.map((s) => s.id)).toContain('admin-reject-direct-send')
    expect(steps.map((s) => s.id)).not.toContain('admin-connector')
  })

  it('relay: the connector settings with the site address', () => {
    const steps = configurationPlan({ ...base, method: 'smtp-relay' })
    expect(values(steps, 'admin-connector')).toEqual({
      From: "Your organization's email server",
      To: 'Microsoft 365',
      'Identify by':
        'By verifying that the IP address of the sending server matches one of these IP addresses',
      'IP address': '203.0.113.7',
    })
  })

  it('HVE: the HVE endpoint and account', () => {
    const steps = configurationPlan({ ...base, method: 'high-volume-email' })
    expect(steps[0]?.id).toBe('admin-hve')
    expect(values(steps, 'smtp-server')['Server Address']).toBe('smtp.hve.mx.microsoft')
  })

  it('an unknown device: generic labels and no invented menu path', () => {
    const steps = configurationPlan({
      ...base,
      family: GENERIC_SMTP_DEVICE,
      mxHost: null,
      method: 'direct-send',
    })
    const open = steps.find((s) => s.id === 'open-settings')
    expect(open?.where).toBeNull()
    expect(open?.text).toContain('is not in the catalogue')
    // Never built from the domain: the MX is read from DNS or the admin center.
    const server = steps.find((s) => s.id === 'smtp-server')!
    expect(server.fields[0]).toMatchObject({
      value: "The tenant's MX host (not found yet)",
      copy: false,
    })
    expect(JSON.stringify(steps)).not.toContain('contoso-com.mail.protection.outlook.com')
    expect(server.text).toContain('Settings > Domains > contoso.com')
    expect(server.fields[0]?.hint).toContain('.mx.microsoft')
  })

  it('direct send to an MX under mx.microsoft (domains added from July 2026) uses it as found', () => {
    const mx = 'contoso-com.s-v1.mx.microsoft'
    const steps = configurationPlan({ ...base, method: 'direct-send', mxHost: mx })
    expect(values(steps, 'smtp-server')['Server Address']).toBe(mx)
  })

  it('client submission on port 25 when the decision chose it; HVE stays on 587', () => {
    for (const method of ['client-submission-oauth', 'client-submission-basic'] as const) {
      const steps = configurationPlan({ ...base, method, port: 25 })
      expect(values(steps, 'smtp-server')).toMatchObject({
        'Server Address': 'smtp.office365.com',
        Port: '25',
      })
      const port = steps.find((s) => s.id === 'smtp-server')!.fields.find((f) => f.label === 'Port')
      expect(port?.hint).toContain('587 (recommended) or 25')
    }
    const hve = configurationPlan({ ...base, method: 'high-volume-email', port: 25 })
    expect(values(hve, 'smtp-server').Port).toBe('587')
  })
})
