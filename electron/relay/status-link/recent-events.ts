/**
 * The relay's last 50 events (queued, refused, delivered, retry, failed) for the status link, fed
 * from the same inbound and forwarder events the support log records. Every text is made
 * display-safe and cut here: Message-IDs come from devices and replies from servers.
 */
import { displayText } from '../../../shared/display-text'
import type { RelayRecentEvent } from '../../../shared/relay-link'
import type { ForwarderEvent } from '../forwarder'
import type { InboundEvent } from '../inbound'

export const RECENT_EVENTS = 50
const MAX_ID = 200
const MAX_TEXT = 600

/** One field as it may be shown: one line, no controls or bidi tricks, at most `max` characters. */
export function safeText(text: string, max = MAX_TEXT): string {
  const shown = displayText(text)
  if (shown.length <= max) return shown
  // Cut in UTF-16 units (what a length limit counts), never between the halves of a pair.
  const cut = shown.slice(0, max - 1)
  return `${/[\ud800-\udbff]$/.test(cut) ? cut.slice(0, -1) : cut}…`
}

const REFUSAL_FIX: Record<Extract<InboundEvent, { kind: 'refused' }>['stage'], string> = {
  connect:
    'If this is one of the site’s devices, add its address to "allow" in the relay’s config and restart the relay.',
  auth: 'Set the device’s SMTP user name and password to one listed in "devices" in the relay’s config.',
  'mail-from':
    'Set the device’s sender (From) address to one of the relay’s "senders", or sign the device in.',
  'rcpt-to': 'Send to fewer recipients at once, or check the recipient addresses on the device.',
  data: 'Scan at a lower resolution or fewer pages, so the message is under the relay’s size limit.',
}

export class RecentEvents {
  private readonly events: RelayRecentEvent[] = []

  constructor(
    private readonly opts: {
      /** Scrubs known secrets from server text before it is kept. */
      clean?: (text: string) => string
      onChange?: () => void
    } = {},
  ) {}

  list(): RelayRecentEvent[] {
    return [...this.events]
  }

  private text(s: string): string {
    return safeText(this.opts.clean ? this.opts.clean(s) : s)
  }

  private push(e: Omit<RelayRecentEvent, 'at'>): void {
    this.events.push({ at: new Date().toISOString(), ...e })
    if (this.events.length > RECENT_EVENTS)
      this.events.splice(0, this.events.length - RECENT_EVENTS)
    this.opts.onChange?.()
  }

  fromInbound(e: InboundEvent): void {
    const device = safeText(e.remoteAddress, 64)
    if (e.kind === 'refused') {
      this.push({
        kind: 'refused',
        messageId: null,
        device,
        text: this.text(`Refused ${e.remoteAddress} at ${e.stage}: ${e.reply}`),
        fix: REFUSAL_FIX[e.stage],
      })
      return
    }
    const bytes = e.record.size.toLocaleString('en-US')
    this.push({
      kind: 'queued',
      messageId: safeText(e.record.messageId, MAX_ID),
      device,
      tls: e.tls === null ? null : safeText(e.tls, 32),
      text: this.text(
        `Queued ${bytes} bytes from ${e.remoteAddress} ${e.tls ? `over ${e.tls}` : 'without TLS'}${e.user ? `, signed in as ${e.user}` : ''}`,
      ),
    })
  }

  fromForwarder(e: ForwarderEvent): void {
    if (e.kind === 'token' || e.kind === 'problem' || e.kind === 'paced' || e.kind === 'warning')
      return
    const base = {
      messageId: safeText(e.record.messageId, MAX_ID),
      device: safeText(e.record.clientAddress, 64),
    }
    switch (e.kind) {
      case 'delivered': {
        const refused = e.rejected.length
        this.push({
          kind: 'delivered',
          ...base,
          text: this.text(
            `Delivered to Microsoft 365: ${e.response}${refused ? ` (${refused} recipient(s) refused${e.rejectedOutcome ? `: ${e.rejectedOutcome.meaning}` : ''})` : ''}`,
          ),
          ...(e.rejectedOutcome ? { fix: this.text(e.rejectedOutcome.fix) } : {}),
        })
        return
      }
      case 'retry':
        this.push({
          kind: 'retry',
          ...base,
          text: this.text(
            `Not accepted yet (attempt ${e.record.attempts}); next try at ${e.nextAttemptAt}: ${e.outcome.meaning}`,
          ),
          fix: this.text(e.outcome.fix),
        })
        return
      case 'failed':
        this.push({
          kind: 'failed',
          ...base,
          text: this.text(`Not delivered: ${e.outcome.meaning}`),
          fix: this.text(e.outcome.fix),
        })
        return
    }
  }
}
