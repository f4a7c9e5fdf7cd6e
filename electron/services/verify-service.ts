/**
 * The Verify step in main: sign in as a stored mailbox profile (and optionally send a test
 * message) with its secret from the keychain. The secret never leaves main; the result carries
 * only the redacted transcript.
 */
import type { VerifyResult } from '../../shared/probe-types'
import { checkAuth } from '../mail/auth-check'
import { checkMxSend, type MxSendInput } from '../mail/mx-send-check'
import type { ProbeDeps } from '../probes/probe-deps'
import type { ProfileService } from './profile-service'

export interface VerifyService {
  run(
    req: { profileId: string; sendTo: string | null; timeoutMs: number },
    signal?: AbortSignal,
  ): Promise<VerifyResult>
  /** Direct send and relay: a test message to the tenant MX, as the device sends (no sign-in). */
  mxSend(req: MxSendRequest, signal?: AbortSignal): Promise<VerifyResult>
}

export type MxSendRequest = Omit<MxSendInput, 'host' | 'port' | 'ehloName'> & {
  mxHost: string
  mxPort: number
}

export function createVerifyService(opts: {
  profiles: ProfileService
  deps: ProbeDeps
  now?: () => Date
}): VerifyService {
  const now = opts.now ?? (() => new Date())
  return {
    async run(req, signal) {
      const { profile, secret } = await opts.profiles.credentials(req.profileId)
      let credential: string
      if (profile.method === 'oauth') {
        credential = await opts.profiles.accessToken(profile.id)
      } else {
        if (!secret)
          throw new Error(`No password is stored for ${profile.name}: enter it in Settings first.`)
        credential = secret
      }
      return checkAuth(
        {
          host: profile.host,
          port: profile.port,
          timeoutMs: req.timeoutMs,
          ehloName: 'scanpath.localdomain',
          credentials: {
            mechanism: 'auto',
            username: profile.username,
            secret: credential,
            kind: profile.method === 'oauth' ? 'token' : 'password',
          },
          ...(req.sendTo
            ? {
                message: {
                  from: profile.address,
                  to: req.sendTo,
                  subject: `ScanPath test message ${now().toISOString()}`,
                  body: `This test message was sent by ScanPath from the site's network to check that ${profile.address} can send through ${profile.host}.`,
                },
              }
            : {}),
        },
        opts.deps,
        signal,
      )
    },
    mxSend(req, signal) {
      const { mxHost, mxPort, ...rest } = req
      return checkMxSend(
        { ...rest, host: mxHost, port: mxPort, ehloName: 'scanpath.localdomain' },
        opts.deps,
        signal,
      )
    },
  }
}
