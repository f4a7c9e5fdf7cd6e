/**
 * The Verify step's relay watch, decided in pure code: which of the relay's events are new, the
 * outcome they amount to (delivered, failed for good, refused at the relay), and the timeline.
 */
import { describe, expect, it } from 'vitest'

import {
  newRelayEvents,
  relayEventKey,
  relaySeen,
  relayWatchOutcome,
  timelineLine,
} from '../../../../shared/configure/relay-watch'
import type { RelayLinkStatus, RelayRecentEvent } from '../../../../shared/relay-link'

const DEVICE = '192.168.1.40'
const RELAY = '192.168.1.20'
const ID = '<scan-1@mfp.contoso.example>'

const queued = (device = DEVICE, messageId = ID): RelayRecentEvent => ({
  at: '2026-12-05T10:02:11.000Z',
  kind: 'queued',
  messageId,
  device,
  tls: 'TLSv1',
  text: `Queued 1,234 bytes from ${device} over TLSv1`,
})
const delivered = (device = DEVICE, messageId = ID): RelayRecentEvent => ({
  at: '2026-12-05T10:02:13.000Z',
  kind: 'delivered',
  messageId,
  device,
  text: `Delivered to Microsoft 365: 250 2.6.0 ${messageId} Queued mail for delivery`,
})
const failed: RelayRecentEvent = {
  at: '2026-12-05T10:02:14.000Z',
  kind: 'failed',
  messageId: ID,
  device: DEVICE,
  text: 'Not delivered: the mailbox may not send as this address (554 5.2.252)',
  fix: 'Give the mailbox Send As permission for the address, or send as the mailbox itself.',
}
const refused = (device = DEVICE): RelayRecentEvent => ({
  at: '2026-12-05T10:02:10.000Z',
  kind: 'refused',
  messageId: null,
  device,
  text: `Refused ${device} at connect: 550 5.7.1 ${device} is not allowed to send through this relay`,
  fix: 'If this is one of the site’s devices, add its address to "allow" in the relay’s config and restart the relay.',
})
const retry: RelayRecentEvent = {
  at: '2026-12-05T10:02:12.000Z',
  kind: 'retry',
  messageId: ID,
  device: DEVICE,
  text: 'Not accepted yet (attempt 1); next try at 10:02:42: Microsoft 365 is busy',
  fix: 'Nothing to do: the relay tries again.',
}

describe('relayWatchOutcome', () => {
  const ctx = { deviceIp: DEVICE, relayAddress: RELAY }

  it('passes when a message from the device was queued and then delivered, with its reply', () => {
    const o = relayWatchOutcome([queued(), retry, delivered()], ctx)
    expect(o).toEqual({
      passed: true,
      key: relayEventKey(delivered()),
      text: `${DEVICE} → relay ${RELAY} → Microsoft 365: delivered ${ID} (250 2.6.0 ${ID} Queued mail for delivery)`,
    })
    // The relay's last delivery carries the reply as Microsoft 365 said it: that one is used.
    const last = { at: 'x', messageId: ID, response: '250 2.6.0 <x> [Hostname=AM0PR] Queued' }
    expect(relayWatchOutcome([queued(), delivered()], { ...ctx, lastDelivery: last })?.text).toBe(
      `${DEVICE} → relay ${RELAY} → Microsoft 365: delivered ${ID} (${last.response})`,
    )
  })

  it('decides nothing until delivery, and nothing on a delivery queued before the watch', () => {
    expect(relayWatchOutcome([], ctx)).toBeNull()
    expect(relayWatchOutcome([queued()], ctx)).toBeNull()
    expect(relayWatchOutcome([queued(), retry], ctx)).toBeNull()
    // Delivered, but it arrived before the watch started (no queued event since).
    expect(relayWatchOutcome([delivered()], ctx)).toBeNull()
  })

  it('with the device IP known, another device proves nothing; without it any device does', () => {
    const other = '192.168.1.99'
    expect(relayWatchOutcome([queued(other), delivered(other)], ctx)).toBeNull()
    expect(relayWatchOutcome([refused(other)], ctx)).toBeNull()
    const any = relayWatchOutcome([queued(other), delivered(other)], { ...ctx, deviceIp: null })
    expect(any?.passed).toBe(true)
    expect(any?.text).toMatch(/^192\.168\.1\.99 → relay 192\.168\.1\.20 → Microsoft 365: delivered/)
  })

  it('fails with the relay’s explanation and fix when the message failed for good', () => {
    const o = relayWatchOutcome([queued(), failed], ctx)
    expect(o).toEqual({
      passed: false,
      key: relayEventKey(failed),
      text: `${DEVICE} → relay ${RELAY} → Microsoft 365: ${ID} not delivered: the mailbox may not send as this address (554 5.2.252). Fix: Give the mailbox Send As permission for the address, or send as the mailbox itself.`,
    })
  })

  it('fails with the relay’s reply and what to change when it refused the device', () => {
    const o = relayWatchOutcome([refused()], ctx)
    expect(o?.passed).toBe(false)
    expect(o?.text).toBe(
      `${DEVICE} → relay ${RELAY}: the relay refused the message: Refused ${DEVICE} at connect: 550 5.7.1 ${DEVICE} is not allowed to send through this relay. Fix: If this is one of the site’s devices, add its address to "allow" in the relay’s config and restart the relay.`,
    )
  })

  it('the latest decisive event wins: refused, then fixed and delivered, passes', () => {
    const o = relayWatchOutcome([refused(), queued(), delivered()], ctx)
    expect(o?.passed).toBe(true)
    expect(o?.key).toBe(relayEventKey(delivered()))
  })
})

describe('newRelayEvents', () => {
  it('gives only the events not shown before, once, in order', () => {
    const seen = new Set([relayEventKey(queued(DEVICE, '<old@x>'))])
    const first = newRelayEvents(seen, [queued(DEVICE, '<old@x>'), queued()])
    expect(first).toEqual([queued()])
    expect(newRelayEvents(seen, [queued(DEVICE, '<old@x>'), queued(), delivered()])).toEqual([
      delivered(),
    ])
    expect(newRelayEvents(seen, [queued(), delivered()])).toEqual([])
  })
})

describe('timelineLine', () => {
  it('says each event in words, with the time on the laptop’s clock', () => {
    const time = (iso: string) => {
      const d = new Date(iso)
      const p = (n: number) => String(n).padStart(2, '0')
      return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`
    }
    expect(timelineLine(queued())).toEqual({
      tone: 'info',
      text: `Arrived at the relay from ${DEVICE} over TLSv1 at ${time(queued().at)} (Message-ID ${ID})`,
      fix: null,
    })
    expect(timelineLine({ ...queued(), tls: null }).text).toContain(`from ${DEVICE} without TLS`)
    expect(timelineLine(delivered())).toEqual({
      tone: 'pass',
      text: `Delivered to Microsoft 365 at ${time(delivered().at)}: 250 2.6.0 ${ID} Queued mail for delivery`,
      fix: null,
    })
    expect(timelineLine(failed).tone).toBe('fail')
    expect(timelineLine(failed).fix).toBe(failed.fix)
    expect(timelineLine(refused()).text).toMatch(/^Refused at the relay at \d\d:\d\d:\d\d: /)
    expect(timelineLine(retry).tone).toBe('warn')
  })
})

describe('relaySeen', () => {
  it('keeps the relay’s address, mode and status for the report, and nothing of its events', () => {
    const status: Omit<RelayLinkStatus, 'recent'> = {
      running: true,
      listening: '192.168.1.20:25',
      tlsMode: 'starttls',
      account: 'scanner@contoso.com',
      queued: 0,
      failed: 1,
      oldestQueuedAt: null,
      lastDelivery: { at: '2026-12-05T10:02:13.000Z', messageId: ID, response: '250 2.6.0 ok' },
      lastError: null,
      tokenExpiresOn: '2026-12-05T11:00:00.000Z',
      signInWarning: null,
    }
    expect(relaySeen(status, RELAY, 2580)).toEqual({
      address: RELAY,
      statusPort: 2580,
      listening: '192.168.1.20:25',
      tlsMode: 'starttls',
      account: 'scanner@contoso.com',
      queued: 0,
      failed: 1,
      lastDelivery: { at: '2026-12-05T10:02:13.000Z', messageId: ID, response: '250 2.6.0 ok' },
    })
  })
})
