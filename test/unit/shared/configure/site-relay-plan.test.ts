import { describe, expect, it } from 'vitest'

import { CATALOG } from '../../../../shared/catalog'
import { isKnown } from '../../../../shared/catalog/types'
import { COPYABLE } from '../../../../shared/configure/config-field'
import type { ConfigStep } from '../../../../shared/configure/plan-types'
import { siteRelayTlsMode } from '../../../../shared/configure/site-relay-plan'
import { newJob, type Job } from '../../../../shared/job-types'
import { jobSiteRelayPlan } from '../../../../shared/report/job-derive'
import { relayConfigSchema } from '../../../../shared/schemas/relay-config'

const CLIENT_ID = '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0'

function relayJob(over: Partial<Job> = {}): Job {
  const job = newJob('job-relay-0001', '2026-12-05T09:00:00.000Z')
  return {
    ...job,
    domain: 'contoso.com',
    senderAddress: 'scanner@contoso.com',
    device: { ...job.device, address: '192.168.1.50' },
    siteRelay: { address: '192.168.1.20', port: 2525, clientId: CLIENT_ID },
    ...over,
  }
}

function plan(job: Job): ConfigStep[] {
  const steps = jobSiteRelayPlan(job)
  if (!steps) throw new Error('no relay plan')
  return steps
}

function field(steps: ConfigStep[], stepId: string, key: string) {
  const f = steps.find((s) => s.id === stepId)?.fields.find((x) => x.key === key)
  if (!f) throw new Error(`no ${key} in ${stepId}`)
  return f
}

describe('site relay plan', () => {
  it('is absent while the relay is not chosen', () => {
    expect(jobSiteRelayPlan(relayJob({ siteRelay: undefined }))).toBeNull()
  })

  it('puts the relay machine and the tenant first, the device after them, the tests last', () => {
    expect(plan(relayJob()).map((s) => s.id)).toEqual([
      'admin-smtp-auth',
      'admin-relay-app',
      'relay-machine',
      'relay-sign-in',
      'open-settings',
      'smtp-server',
      'relay-status',
      'test-send',
    ])
  })

  it('every step it needs comes before it', () => {
    const steps = plan(relayJob())
    for (const [i, s] of steps.entries())
      for (const need of s.needs ?? []) {
        const at = steps.findIndex((x) => x.id === need)
        expect(at, `${s.id} needs ${need}`).toBeGreaterThan(-1)
        expect(at, `${s.id} needs ${need}`).toBeLessThan(i)
      }
  })

  it("writes relay.json with the job's values, and the relay accepts it", () => {
    const f = field(plan(relayJob()), 'relay-machine', 'relay-config')
    expect(f.copy).toBe(true)
    const parsed = relayConfigSchema.parse(JSON.parse(f.value))
    expect(parsed.listen).toEqual({ address: '192.168.1.20', port: 2525 })
    expect(parsed.allow).toEqual(['192.168.1.50'])
    expect(parsed.senders).toEqual(['scanner@contoso.com'])
    expect(parsed.tls.mode).toBe('starttls')
    expect(parsed.outbound).toEqual({
      host: 'smtp.office365.com',
      port: 587,
      username: 'scanner@contoso.com',
      connections: 3,
    })
    expect(parsed.signIn).toEqual({
      kind: 'delegated',
      clientId: CLIENT_ID,
      tenant: 'organizations',
    })
    expect(parsed.secrets).toEqual({ store: 'file' })
    expect(parsed.spoolDir).toBe('/var/lib/scanpath-relay/spool')
    const commands = plan(relayJob()).flatMap((s) =>
      s.fields.filter((f) => f.key === 'relay-command').map((f) => f.value),
    )
    expect(commands).toEqual([
      '(umask 077; head -c 32 /dev/urandom > /etc/scanpath-relay/relay.key)',
      'sudo systemctl enable --now scanpath-relay',
      'scanpath relay sign-in --config /etc/scanpath-relay/relay.json',
      'scanpath relay status --config /etc/scanpath-relay/relay.json',
    ])
  })

  it('points the device at the relay, without a sign-in', () => {
    const steps = plan(relayJob())
    const device = steps.find((s) => s.id === 'smtp-server')
    expect(device?.who).toBe('device')
    expect(device?.needs).toEqual(['open-settings', 'relay-machine'])
    expect(device?.fields.map((f) => [f.key, f.value])).toEqual([
      ['server', '192.168.1.20'],
      ['port', '2525'],
      ['security', 'STARTTLS (TLS)'],
      ['authentication', 'Off'],
      ['fromAddress', 'scanner@contoso.com'],
    ])
    expect(device?.fields.some((f) => f.key === 'password' || f.key === 'username')).toBe(false)
  })

  it('has the tenant admin register the app the relay signs in through, before the relay', () => {
    const steps = plan(relayJob())
    const app = steps.find((s) => s.id === 'admin-relay-app')
    expect(app?.who).toBe('admin')
    expect(app?.text).toContain('Allow public client flows: Yes')
    expect(app?.text).toContain('SMTP.Send')
    expect(steps.find((s) => s.id === 'relay-machine')?.needs).toEqual(['admin-relay-app'])
    expect(steps.find((s) => s.id === 'relay-sign-in')?.needs).toEqual([
      'admin-smtp-auth',
      'admin-relay-app',
      'relay-machine',
    ])
  })

  it('allows SMTP AUTH for the relay mailbox and cites Microsoft', () => {
    const steps = plan(relayJob())
    expect(field(steps, 'admin-smtp-auth', 'powershell').value).toBe(
      'Set-CASMailbox -Identity scanner@contoso.com -SmtpClientAuthenticationDisabled $false',
    )
    const sources = steps.flatMap((s) => s.where?.sources ?? [])
    expect(sources).toContain(
      'https://learn.microsoft.com/en-us/exchange/clients-and-mobile-in-exchange-online/authenticated-client-smtp-submission',
    )
    expect(sources).toContain(
      'https://learn.microsoft.com/en-us/exchange/client-developer/legacy-protocols/how-to-authenticate-an-imap-pop-smtp-application-by-using-oauth',
    )
  })

  it('copy buttons follow the field keys', () => {
    for (const s of plan(relayJob()))
      for (const f of s.fields) expect(f.copy, `${s.id}/${f.key}`).toBe(COPYABLE[f.key])
  })

  it('offers no placeholder for copying while the relay, device or sender is not typed', () => {
    for (const over of [
      { siteRelay: { address: '', port: 25, clientId: CLIENT_ID } },
      { siteRelay: { address: '192.168.1.20', port: 25 } },
      { siteRelay: { address: '192.168.1.20', port: 25, clientId: 'not-a-guid' } },
      { senderAddress: '' },
      { device: { ...relayJob().device, address: '' } },
      { device: { ...relayJob().device, address: 'printer.local' } },
    ] satisfies Partial<Job>[]) {
      const steps = plan(relayJob(over))
      const config = field(steps, 'relay-machine', 'relay-config')
      expect(config.copy, JSON.stringify(over)).toBe(false)
      expect(config.value).toMatch(/<[^>]+>/)
      for (const s of steps)
        for (const f of s.fields)
          if (/<[^>]+>|\(type it above\)/.test(f.value))
            expect(f.copy, `${s.id}/${f.key}: ${f.value}`).toBe(false)
    }
    const noAddress = plan(relayJob({ siteRelay: { address: '', port: 25, clientId: CLIENT_ID } }))
    expect(field(noAddress, 'smtp-server', 'server').copy).toBe(false)
    const noSender = plan(relayJob({ senderAddress: '' }))
    expect(field(noSender, 'admin-smtp-auth', 'powershell').copy).toBe(false)
    expect(field(noSender, 'smtp-server', 'fromAddress').copy).toBe(false)
  })

  it('turns TLS off on the LAN hop only when the device cannot do STARTTLS at all', () => {
    const modes = (starttls587: 'yes' | 'no' | 'unknown', starttls25: 'yes' | 'no' | 'unknown') =>
      siteRelayTlsMode({ starttls587, starttls25, implicitTls465Only: 'unknown' })
    expect(modes('no', 'no')).toBe('none')
    expect(modes('no', 'yes')).toBe('starttls')
    expect(modes('unknown', 'unknown')).toBe('starttls')
    expect(
      siteRelayTlsMode({
        starttls587: 'unknown',
        starttls25: 'unknown',
        implicitTls465Only: 'yes',
      }),
    ).toBe('none')
    const job = relayJob({
      device: {
        ...relayJob().device,
        capabilityAnswers: { starttls587: 'no', starttls25: 'no', tls12: 'no' },
      },
    })
    const steps = plan(job)
    expect(JSON.parse(field(steps, 'relay-machine', 'relay-config').value).tls).toEqual({
      mode: 'none',
    })
    expect(field(steps, 'smtp-server', 'security').value).toBe('None')
  })

  it('keeps STARTTLS for a device without TLS 1.2: the relay accepts TLS 1.0 on the LAN', () => {
    const job = relayJob({
      device: { ...relayJob().device, capabilityAnswers: { tls12: 'no' } },
    })
    expect(field(plan(job), 'smtp-server', 'security').value).toBe('STARTTLS (TLS)')
  })

  it("labels the device's fields and opens its settings as the catalogue says", () => {
    const family = CATALOG.find(
      (f) => isKnown(f.webUiPath) && isKnown(f.fieldNames) && f.fieldNames.value.server,
    )
    if (!family || !isKnown(family.webUiPath) || !isKnown(family.fieldNames))
      throw new Error('no family with known labels')
    const steps = plan(relayJob({ device: { ...relayJob().device, familyId: family.id } }))
    expect(steps.find((s) => s.id === 'open-settings')?.where?.path).toEqual(family.webUiPath.value)
    expect(field(steps, 'smtp-server', 'server').label).toBe(family.fieldNames.value.server)
  })
})
