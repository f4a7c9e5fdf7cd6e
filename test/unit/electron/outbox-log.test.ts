/** The outbox's lines in the support log: one per change of state, never the recipient. */
import { describe, expect, it } from 'vitest'

import { outboxLogger } from '../../../electron/support/outbox-log'
import type { OutboxView } from '../../../shared/outbox-types'
import { outboxView } from '../../helpers/outbox-view'

// The recipient is set so the test can show it never reaches the log.
const entry = (over: Partial<OutboxView>) =>
  outboxView({ id: 'r-0001', to: 'helpdesk@contoso.com', ...over })

describe('outboxLogger', () => {
  it('logs each change of state once, with the reason of a failure, and no recipient', () => {
    const lines: string[] = []
    const log = outboxLogger((level, m) => lines.push(`${level} ${m}`))
    log(entry({}))
    log(entry({})) // the same state again: nothing
    log(entry({ state: 'sending', attempts: 1 }))
    log(
      entry({
        state: 'queued',
        attempts: 1,
        lastError: {
          explanation: 'The office server could not be reached.',
          fix: 'It is tried again by itself.',
        },
      }),
    )
    log(entry({ state: 'sending', attempts: 2 }))
    log(
      entry({
        state: 'failed',
        attempts: 2,
        lastError: {
          reply: { code: 535, enhanced: '5.7.139', text: 'Authentication unsuccessful' },
          explanation: 'SMTP AUTH is turned off for the tenant.',
          fix: 'Turn it on for the mailbox.',
        },
      }),
    )
    expect(lines).toEqual([
      'info [outbox] report r-0001 queued, attempt 0',
      'info [outbox] report r-0001 sending, attempt 1',
      'info [outbox] report r-0001 queued, attempt 1: The office server could not be reached.',
      'info [outbox] report r-0001 sending, attempt 2',
      'warn [outbox] report r-0001 failed, attempt 2: SMTP AUTH is turned off for the tenant. (535)',
    ])
    expect(lines.join('\n')).not.toContain('helpdesk@')
  })
})
