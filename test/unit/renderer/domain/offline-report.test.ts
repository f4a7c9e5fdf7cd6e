import { describe, expect, it } from 'vitest'

import { base64ToBytes, safeFileName } from '../../../../renderer/src/domain/base64-file'
import {
  deferredReason,
  isDeferred,
  OFFLINE_PREFIX,
} from '../../../../renderer/src/domain/deferred-check'
import {
  canRetry,
  entriesForJob,
  formatAttempts,
  formatNextTry,
  gateLabel,
  hasPending,
  outboxStateMeta,
} from '../../../../renderer/src/domain/outbox-view'
import {
  checklistProgress,
  headlineBody,
  issueLabel,
  issueTag,
  verdictMeta,
  whoLabel,
} from '../../../../renderer/src/domain/report-view'
import {
  checkSend,
  defaultOfficeProfile,
  officeProfiles,
  recipientProblem,
} from '../../../../renderer/src/domain/send-form'
import type { MailboxProfileView } from '../../../../shared/profile-types'
import { outboxView } from '../../../helpers/outbox-view'

const entry = outboxView

const profile = (over: Partial<MailboxProfileView>): MailboxProfileView => ({
  id: 'p1',
  name: 'Office reports',
  purpose: 'office-reports',
  address: 'office@contoso.test',
  username: 'office@contoso.test',
  method: 'basic',
  host: 'smtp.office365.com',
  port: 587,
  oauth: null,
  hasSecret: true,
  ...over,
})

describe('deferred checks', () => {
  it('is an offline skip, not any skip', () => {
    const explanation = `${OFFLINE_PREFIX} (The DNS server did not answer.)`
    expect(isDeferred({ status: 'skip', skipReason: 'offline' })).toBe(true)
    expect(isDeferred({ status: 'skip', skipReason: 'needs-earlier-check' })).toBe(false)
    expect(isDeferred({ status: 'info' })).toBe(false)
    expect(isDeferred({ status: 'fail' })).toBe(false)
    expect(deferredReason(explanation)).toBe('The DNS server did not answer.')
    expect(deferredReason('Other text')).toBe('Other text')
  })
})

describe('base64 files', () => {
  it('decodes to the same bytes', () => {
    const bytes = base64ToBytes(Buffer.from('%PDF-1.7\n\u00e9').toString('base64'))
    expect(Buffer.from(bytes).toString()).toBe('%PDF-1.7\n\u00e9')
    expect(() => base64ToBytes('not base64 !!')).toThrow()
  })

  it('keeps a download name to a bare file name', () => {
    expect(safeFileName('scanpath-contoso.pdf', 'x.pdf')).toBe('scanpath-contoso.pdf')
    expect(safeFileName('../../etc/passwd', 'x.pdf')).toBe('passwd')
    expect(safeFileName('a\\b\u0007.pdf', 'x.pdf')).toBe('b.pdf')
    expect(safeFileName('..', 'x.pdf')).toBe('x.pdf')
    expect(safeFileName('', 'x.pdf')).toBe('x.pdf')
  })
})

describe('outbox view', () => {
  it('names every state in words and an icon', () => {
    for (const s of ['queued', 'sending', 'sent', 'failed'] as const) {
      const m = outboxStateMeta(s)
      expect(m.label.length).toBeGreaterThan(2)
      expect(m.icon.length).toBeGreaterThan(0)
    }
    expect(outboxStateMeta('sent').label).toBe('Sent')
  })

  it('says when the next try is', () => {
    const now = Date.parse('2026-11-28T08:00:00.000Z')
    expect(formatNextTry(null, now)).toBeNull()
    expect(formatNextTry('nonsense', now)).toBeNull()
    expect(formatNextTry('2026-11-28T07:59:59.000Z', now)).toBe('now')
    expect(formatNextTry('2026-11-28T08:00:12.000Z', now)).toBe('in 12 s')
    expect(formatNextTry('2026-11-28T08:03:00.000Z', now)).toBe('in 3 min')
  })

  it('counts attempts, offers a retry only when it helps, filters by job', () => {
    expect(formatAttempts(0)).toBe('not tried yet')
    expect(formatAttempts(1)).toBe('1 attempt')
    expect(formatAttempts(4)).toBe('4 attempts')
    expect(canRetry(entry({ state: 'queued' }))).toBe(true)
    expect(canRetry(entry({ state: 'failed' }))).toBe(true)
    expect(canRetry(entry({ state: 'sending' }))).toBe(false)
    expect(canRetry(entry({ state: 'sent' }))).toBe(false)
    const list = [entry({ id: 'a', jobId: 'j1' }), entry({ id: 'b', jobId: 'j2', state: 'sent' })]
    expect(entriesForJob(list, 'j2').map((e) => e.id)).toEqual(['b'])
    expect(hasPending(list)).toBe(true)
    expect(hasPending([list[1]!])).toBe(false)
  })

  it("names the refusing gate from the server's reply, else from its id", () => {
    expect(
      gateLabel({
        gate: 'wrong-credentials',
        reply: { code: 535, enhanced: '5.7.3', text: 'Authentication unsuccessful' },
      }),
    ).toMatch(/\w/)
    expect(gateLabel({ gate: 'wrong-credentials' })).toBe('Wrong credentials')
    expect(gateLabel({})).toBeNull()
  })
})

describe('report view', () => {
  it('labels verdicts, who does a step, and issue kinds', () => {
    expect(verdictMeta('not-checked').label).toBe('Not checked')
    expect(verdictMeta('ready').icon).toBe('✓')
    expect(whoLabel('admin')).toBe('Tenant admin')
    expect(issueLabel('step-open')).toBe('Step not done')
  })

  it('tags a failed check that cannot affect the chosen method as not relevant', () => {
    expect(issueTag({ kind: 'check-failed' })).toBe('Failed check')
    expect(issueTag({ kind: 'check-failed', relevant: false })).toBe('Not relevant')
  })

  it("drops the verdict's own label from the headline under it", () => {
    expect(headlineBody('not-checked', 'Not checked: the site checks have not confirmed X.')).toBe(
      'The site checks have not confirmed X.',
    )
    expect(headlineBody('ready', 'Something else.')).toBe('Something else.')
  })

  it("counts only the current plan's steps", () => {
    const item = { title: 't', who: 'device' as const, note: '' }
    expect(
      checklistProgress([
        { ...item, stepId: 'a', done: true, inPlan: true },
        { ...item, stepId: 'b', done: false, inPlan: true },
        { ...item, stepId: 'c', done: true, inPlan: false },
      ]),
    ).toBe('1 of 2 steps done')
  })
})

describe('send to office form', () => {
  const device = profile({ id: 'd1', purpose: 'device' })
  const office = profile({ id: 'o1' })
  const noSecret = profile({ id: 'o2', name: 'Backup', hasSecret: false })

  it('offers only office sending profiles, the picked one first', () => {
    const list = officeProfiles([device, office, noSecret])
    expect(list.map((p) => p.id)).toEqual(['o1', 'o2'])
    expect(defaultOfficeProfile(list, 'o2')).toBe('o2')
    expect(defaultOfficeProfile(list, 'gone')).toBe('o1')
    expect(defaultOfficeProfile([], null)).toBeNull()
  })

  it('validates the recipient with the shared email rules', () => {
    expect(recipientProblem('office@contoso.test')).toBeNull()
    expect(recipientProblem('')).toBe('The recipient is empty.')
    expect(recipientProblem('office@contoso')).toContain('not a domain name')
  })

  it('stops without a profile or a recipient, warns without a password', () => {
    const list = [office, noSecret]
    expect(checkSend(list, null, 'a@contoso.test').problem).toContain('Pick the office')
    expect(checkSend(list, 'o1', 'nope').problem).toContain('The recipient')
    expect(checkSend(list, 'o1', 'a@contoso.test')).toEqual({ problem: null, warning: null })
    expect(checkSend(list, 'o2', 'a@contoso.test').warning).toContain('no password')
  })
})
