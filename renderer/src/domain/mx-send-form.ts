/**
 * The Verify step's MX test send form (direct send, relay): its fields as typed, the problem of
 * each in a sentence, and the request main gets once there is none. Pure, unit-tested.
 */
import { emailProblem, hostProblem, isIpLiteral } from '../../../shared/host-syntax'
import type { InvokeRequest } from '../../../shared/schemas/ipc'
import type { Job } from '../../../shared/job-types'
import { portProblemSentence } from './port'
import { jobLabel, type MxSendDefaults } from './verify-plan'

export interface MxSendFields {
  mxHost: string
  mxPort: string
  from: string
  to: string
  connectorIp: string
}

export function initialMxSendFields(d: MxSendDefaults): MxSendFields {
  return { mxHost: d.mxHost, mxPort: '25', from: d.from, to: d.to, connectorIp: d.connectorIp }
}

/** Each field's problem as a sentence, or null; nothing is sent while one remains. */
export function mxSendProblems(
  f: MxSendFields,
  relay: boolean,
): Record<keyof MxSendFields, string | null> {
  const host = f.mxHost.trim()
  const hostIssue = host === '' ? null : hostProblem(host)
  const ip = f.connectorIp.trim()
  const address = (label: string, v: string) => {
    const p = emailProblem(v.trim())
    return p ? `${label} ${p}` : null
  }
  return {
    mxHost:
      host === ''
        ? 'Tenant MX host is needed: the MX record of the customer domain (the site checks find it when the domain is filled in).'
        : hostIssue
          ? `Tenant MX host ${hostIssue}`
          : null,
    mxPort: portProblemSentence(f.mxPort, '25'),
    from: address('From', f.from),
    to: address('Recipient', f.to),
    connectorIp:
      relay && ip !== '' && !isIpLiteral(ip) ? 'Connector IP address must be an IP address.' : null,
  }
}

/** What main is asked to send (the fields have no problem left). */
export function mxSendRequest(
  f: MxSendFields,
  method: 'direct-send' | 'relay',
  job: Pick<Job, 'customer' | 'site'>,
  spf: MxSendDefaults['spf'],
): InvokeRequest<'verify:mx-send'> {
  const ip = f.connectorIp.trim()
  return {
    method,
    mxHost: f.mxHost.trim(),
    mxPort: Number(f.mxPort.trim()),
    from: f.from.trim(),
    to: f.to.trim(),
    connectorIp: method === 'relay' && ip !== '' ? ip : null,
    jobLabel: jobLabel(job),
    spf,
  }
}
