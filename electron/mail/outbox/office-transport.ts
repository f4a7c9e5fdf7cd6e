/**
 * Sending one message through the office's sending profile with nodemailer, pinned whatever a test
 * override says: STARTTLS required, TLS 1.2 or later, the certificate verified against the name.
 * The password or token is read for each attempt, checked as every sign-in is (electron/probes/
 * sasl.ts), only handed to nodemailer, and scrubbed from anything that is stored or shown.
 */
import { isIP } from 'node:net'
import { createTransport } from 'nodemailer'
import type SMTPTransport from 'nodemailer/lib/smtp-transport'

import type { OutboxError } from '../../../shared/outbox-types'
import type { MailboxProfile } from '../../../shared/profile-types'
import { systemLookup, type ProbeDeps } from '../../probes/probe-deps'
import { credentialsProblem, type SecretKind } from '../../probes/sasl'
import type { ProfileService } from '../../services/profile-service'
import { classifySendError, NotAcceptedError, setupFailure } from './send-failure'

export type OutboxProfiles = Pick<ProfileService, 'credentials' | 'accessToken'>

export interface OfficeTransportOptions {
  /**
   * Extra nodemailer options per profile (tests: a CA to trust, shorter timeouts). They are
   * merged under the security settings, so they cannot turn STARTTLS or verification off.
   */
  transportFor?: (profile: MailboxProfile) => SMTPTransport.Options
  /**
   * Name → addresses for the office server (default: the OS resolver, as the probes use it).
   * nodemailer would otherwise query DNS itself, bypassing the app's (and tests') resolver.
   */
  lookup?: ProbeDeps['lookup']
}

/** The office profile with what nodemailer signs in with, and the scrubber for its secrets. */
export interface OfficeSignIn {
  profile: MailboxProfile
  auth: SMTPTransport.Options['auth']
  /** Replaces the password or token (plain or base64) with [hidden]. */
  scrub: (s: string) => string
}

/** The message as the outbox stored it; `from` is the profile's address. */
export interface OfficeMessage {
  to: string
  subject: string
  text: string
  messageId: string
  date: Date
  headers: Record<string, string>
  attachments: Array<{ filename: string; contentType: string; content: Buffer }>
}

/**
 * nodemailer frames the credentials itself (AUTH LOGIN, PLAIN or XOAUTH2); the same checks as
 * every other sign-in run first, so a separator inside a field never reaches its framing.
 */
function credentialsCheck(username: string, secret: string, kind: SecretKind): void {
  const problem = credentialsProblem(username, secret, kind)
  if (problem) {
    throw setupFailure(
      'auth',
      `Cannot sign in as the office sending profile: ${problem}`,
      kind === 'token'
        ? 'Sign in again to the office sending profile in Settings, then retry.'
        : 'Check the user name and save the password of the office sending profile again in Settings, then retry.',
    )
  }
}

/** The secret never reaches disk or the UI, not even echoed inside a server's reply. */
function scrubber(secrets: string[]): (s: string) => string {
  const needles = secrets
    .filter((s) => s.length >= 4)
    .flatMap((s) => [s, Buffer.from(s, 'utf8').toString('base64')])
  return (s) => needles.reduce((acc, n) => acc.split(n).join('[hidden]'), s)
}

function scrubError(error: OutboxError, scrub: (s: string) => string): OutboxError {
  return {
    ...error,
    explanation: scrub(error.explanation),
    fix: scrub(error.fix),
    ...(error.reply ? { reply: { ...error.reply, text: scrub(error.reply.text) } } : {}),
  }
}

/**
 * The office sending profile of profileId with its password, or a fresh Microsoft token for an
 * OAuth profile; throws a NotAcceptedError (nothing was sent) when one is missing or unusable.
 */
export async function officeSignIn(
  profiles: OutboxProfiles,
  profileId: string,
): Promise<OfficeSignIn> {
  let creds: Awaited<ReturnType<OutboxProfiles['credentials']>>
  try {
    creds = await profiles.credentials(profileId)
  } catch (err) {
    throw setupFailure(
      'profile',
      `The sending profile of this report is gone (${err instanceof Error ? err.message : String(err)}).`,
      'Pick the office sending profile in Settings and send the report again.',
    )
  }
  const { profile, secret } = creds
  if (profile.purpose !== 'office-reports') {
    throw setupFailure(
      'profile',
      `"${profile.name}" is a device mailbox profile, not the office's sending profile.`,
      'Set up the office sending profile in Settings and send the report again.',
    )
  }
  if (profile.method === 'oauth') {
    let token: string
    try {
      token = await profiles.accessToken(profile.id)
    } catch (err) {
      const offline = (err as { code?: string }).code === 'network'
      throw setupFailure(
        offline ? 'network' : 'auth',
        `No Microsoft sign-in token for ${profile.username}: ${err instanceof Error ? err.message : String(err)}`,
        offline
          ? 'Nothing to do if this computer is offline: it goes once Microsoft can be reached.'
          : 'Sign in again to the office sending profile in Settings, then retry.',
        offline,
      )
    }
    const scrub = scrubber([token, ...(secret ? [secret] : [])])
    credentialsCheck(profile.username, token, 'token')
    return {
      profile,
      auth: { type: 'OAuth2', user: profile.username, accessToken: token },
      scrub,
    }
  }
  if (!secret) {
    throw setupFailure(
      'no-secret',
      `No password is saved for "${profile.name}" on this computer.`,
      'Save the password of the office sending profile in Settings, then retry.',
    )
  }
  credentialsCheck(profile.username, secret, 'password')
  return { profile, auth: { user: profile.username, pass: secret }, scrub: scrubber([secret]) }
}

/**
 * Sends the message through the office server; resolves with the server's reply to the end of
 * DATA. Any failure of the session is a NotAcceptedError whose words are scrubbed of the secret.
 */
export async function sendThroughOffice(
  { profile, auth, scrub }: OfficeSignIn,
  message: OfficeMessage,
  opts: OfficeTransportOptions,
  signal: AbortSignal,
): Promise<string> {
  const extra = opts.transportFor?.(profile) ?? {}
  const notAccepted = (err: unknown) => {
    const verdict = classifySendError(err, profile)
    return new NotAcceptedError(
      { retry: verdict.retry, error: scrubError(verdict.error, scrub) },
      'send failed',
    )
  }
  // Connect to an address we resolved; the certificate is still checked against the name. A name
  // that does not resolve is the network's doing (offline, or the site's DNS is down): the
  // report waits and is tried again, like any other connection failure.
  let address = profile.host
  if (!isIP(profile.host)) {
    let found
    try {
      found = await (opts.lookup ?? systemLookup)(profile.host)
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? String(err)
      throw notAccepted(
        Object.assign(new Error(`${profile.host} did not resolve (${code})`), { code: 'EDNS' }),
      )
    }
    if (!found[0])
      throw notAccepted(
        Object.assign(new Error(`${profile.host} resolved to no address`), { code: 'EDNS' }),
      )
    address = found[0].address
  }
  const transport = createTransport({
    connectionTimeout: 20_000,
    greetingTimeout: 20_000,
    socketTimeout: 60_000,
    ...extra,
    host: address,
    port: profile.port,
    // Submission on 587: plaintext first, then STARTTLS, which must happen (no fallback).
    secure: false,
    requireTLS: true,
    ignoreTLS: false,
    opportunisticTLS: false,
    tls: {
      ...extra.tls,
      rejectUnauthorized: true,
      minVersion: 'TLSv1.2',
      // SNI and the certificate check use the name (RFC 6066 §3: SNI takes names only).
      ...(isIP(profile.host) ? {} : { servername: profile.host }),
    },
    auth,
    logger: false,
    debug: false,
  })
  try {
    const info = await transport.sendMail({ from: profile.address, ...message, signal })
    return info.response
  } catch (err) {
    throw notAccepted(err)
  } finally {
    transport.close()
  }
}
