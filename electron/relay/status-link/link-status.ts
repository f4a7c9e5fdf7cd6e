/**
 * What the status link sends (`RelayLinkStatus`): the relay's status, its recent events and its
 * sign-in warning, every text display-safe; and the strict schema the app checks each line
 * against, since whatever answers on the LAN may be hostile.
 */
import { z } from 'zod'

import { displayText } from '../../../shared/display-text'
import type { RelayLinkStatus, RelayRecentEvent } from '../../../shared/relay-link'
import { RELAY_TLS_MODES, type RelayTlsMode } from '../../../shared/schemas/relay-config'
import type { RelayStatus } from '../relay-status'
import { RECENT_EVENTS, safeText } from './recent-events'

export function linkStatus(
  s: RelayStatus,
  extra: { tlsMode: RelayTlsMode; account: string; recent: RelayRecentEvent[] },
): RelayLinkStatus {
  return {
    running: s.running,
    listening: s.listening,
    tlsMode: extra.tlsMode,
    account: safeText(extra.account, 254),
    queued: s.queued,
    failed: s.failed,
    oldestQueuedAt: s.oldestQueuedAt,
    lastDelivery: s.lastDelivery && {
      at: s.lastDelivery.at,
      messageId: safeText(s.lastDelivery.messageId, 200),
      response: safeText(s.lastDelivery.response),
    },
    lastError: s.lastError && {
      at: s.lastError.at,
      text: safeText(s.lastError.text),
      fix: safeText(s.lastError.fix),
    },
    tokenExpiresOn: s.tokenExpiresOn ?? s.signIn?.expiresOn ?? null,
    signInWarning: s.signIn?.warning ? safeText(s.signIn.warning) : null,
    recent: extra.recent.slice(-RECENT_EVENTS),
  }
}

/** A string that is already display-safe (what the relay sends), at most `max` characters. */
const shown = (max: number) =>
  z
    .string()
    .max(max)
    .refine((s) => displayText(s) === s, 'has characters that are not display-safe')
const when = shown(40).refine((s) => !Number.isNaN(Date.parse(s)), 'is not a date')
const count = z.number().int().min(0).max(1e9)

const recentEventSchema = z
  .object({
    at: when,
    kind: z.enum(['queued', 'refused', 'delivered', 'retry', 'failed']),
    messageId: shown(200).nullable(),
    device: shown(64).nullable(),
    tls: shown(32).nullable().optional(),
    text: shown(600),
    fix: shown(600).optional(),
  })
  .strict()

export const relayLinkStatusSchema = z
  .object({
    running: z.boolean(),
    listening: shown(80).nullable(),
    tlsMode: z.enum(RELAY_TLS_MODES),
    account: shown(254),
    queued: count,
    failed: count,
    oldestQueuedAt: when.nullable(),
    lastDelivery: z
      .object({ at: when, messageId: shown(200), response: shown(600) })
      .strict()
      .nullable(),
    lastError: z
      .object({ at: when, text: shown(600), fix: shown(600) })
      .strict()
      .nullable(),
    tokenExpiresOn: when.nullable(),
    signInWarning: shown(600).nullable(),
    recent: z.array(recentEventSchema).max(RECENT_EVENTS),
  })
  .strict()

/** One line of the link after the proofs. */
export const statusLineSchema = z.object({ status: relayLinkStatusSchema }).strict()
