import type { OutboxView } from '../../shared/outbox-types'

/** An outbox entry as the renderer sees it: queued, never tried; `over` sets what a test needs. */
export function outboxView(over: Partial<OutboxView> = {}): OutboxView {
  return {
    id: 'entry-0001',
    jobId: 'job-1',
    messageId: '<a@b>',
    createdAt: '2026-11-28T08:00:00.000Z',
    profileId: 'office',
    to: 'office@contoso.test',
    subject: 'ScanPath report',
    summary: '',
    attachments: [],
    state: 'queued',
    attempts: 0,
    nextAttemptAt: null,
    lastError: null,
    sentAt: null,
    serverReply: null,
    ...over,
  }
}
