/**
 * "Send to office": which profiles can send (the office's sending profiles), and what stops the
 * form from sending. Pure, unit-tested.
 */
import { emailProblem } from '../../../shared/host-syntax'
import type { MailboxProfileView } from '../../../shared/profile-types'

export function officeProfiles(profiles: readonly MailboxProfileView[]): MailboxProfileView[] {
  return profiles.filter((p) => p.purpose === 'office-reports')
}

/** The profile to preselect: the one picked before when it still exists, else the first. */
export function defaultOfficeProfile(
  office: readonly MailboxProfileView[],
  picked: string | null,
): string | null {
  if (picked && office.some((p) => p.id === picked)) return picked
  return office[0]?.id ?? null
}

/** The recipient's problem as a sentence for the field, or null when it is an address. */
export function recipientProblem(to: string): string | null {
  const p = emailProblem(to)
  return p ? `The recipient ${p}.` : null
}

export interface SendCheck {
  /** Why sending is not possible yet, or null. */
  problem: string | null
  /** Worth saying, but not stopping the send (the outbox says the same if it fails). */
  warning: string | null
}

export function checkSend(
  office: readonly MailboxProfileView[],
  profileId: string | null,
  to: string,
): SendCheck {
  const profile = office.find((p) => p.id === profileId)
  if (!profile) return { problem: 'Pick the office sending profile first.', warning: null }
  const problem = recipientProblem(to)
  if (problem) return { problem, warning: null }
  return {
    problem: null,
    warning: profile.hasSecret
      ? null
      : `${profile.name} has no password or sign-in yet: the report waits in the outbox until it has one (Settings).`,
  }
}
