/**
 * The Configure step when the technician took the "relay at this site" way out: where the relay
 * listens (typed here, kept in the job once valid), then ScanPath Relay's plan as checklist steps.
 */
import { useState } from 'react'

import { SITE_RELAY_TITLE } from '../../../shared/configure/site-relay-plan'
import { hostProblem } from '../../../shared/host-syntax'
import type { Job, SiteRelay } from '../../../shared/job-types'
import { TextField } from '../components/text-field'
import { jobSiteRelayPlan } from '../../../shared/report/job-derive'
import { useAppStore } from '../store'
import { ConfigStepList, ConfigureSummary } from './config-step-list'

/** Why a typed relay address cannot be kept, or null (empty is allowed: not typed yet). */
export function relayAddressProblem(value: string): string | null {
  if (value.trim() === '') return null
  const p = hostProblem(value)
  return p ? `The relay address ${p}.` : null
}

/** Why a typed client ID cannot be kept, or null (empty is allowed: not typed yet). */
export function relayClientIdProblem(value: string): string | null {
  const v = value.trim()
  return v === '' || /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v)
    ? null
    : 'The client ID is a GUID such as 00000000-0000-0000-0000-000000000000 (the app registration’s Overview page).'
}

/** Why a typed port cannot be kept, or null. */
export function relayPortProblem(value: string): string | null {
  const n = Number(value.trim())
  return /^\d{1,5}$/.test(value.trim()) && n >= 1 && n <= 65535
    ? null
    : 'The port must be a number from 1 to 65535.'
}

/** The relay's address and port: each reaches the job only once it is valid. */
function RelayAddressFields({ relay }: { relay: SiteRelay }) {
  const update = useAppStore((s) => s.jobs.update)
  const flush = useAppStore((s) => s.jobs.flush)
  const [address, setAddress] = useState(relay.address)
  const [port, setPort] = useState(String(relay.port))
  const [clientId, setClientId] = useState(relay.clientId ?? '')
  const [touched, setTouched] = useState({ address: false, port: false, clientId: false })
  const addressError = relayAddressProblem(address)
  const portError = relayPortProblem(port)
  const clientIdError = relayClientIdProblem(clientId)
  const keep = (next: Partial<SiteRelay>) =>
    update((j) => (j.siteRelay ? { ...j, siteRelay: { ...j.siteRelay, ...next } } : j))
  return (
    <div className="relay-fields">
      <TextField
        label="Relay machine's address (on the device's network)"
        value={address}
        onValueChange={(v) => {
          setAddress(v)
          if (relayAddressProblem(v) === null) keep({ address: v.trim() })
        }}
        error={touched.address ? addressError : null}
        hint="Its IP address (e.g. 192.168.1.20), as the device will reach it; the relay listens on it."
        placeholder="192.168.1.20"
        maxLength={253}
        autoComplete="off"
        spellCheck={false}
        onBlur={() => {
          setTouched((t) => ({ ...t, address: true }))
          void flush()
        }}
      />
      <TextField
        label="Relay port"
        value={port}
        inputMode="numeric"
        onValueChange={(v) => {
          setPort(v)
          if (relayPortProblem(v) === null) keep({ port: Number(v.trim()) })
        }}
        error={touched.port ? portError : null}
        hint="25 (the devices' usual port) or 2525 where 25 is taken on that machine."
        maxLength={5}
        autoComplete="off"
        onBlur={() => {
          setTouched((t) => ({ ...t, port: true }))
          void flush()
        }}
      />
      <TextField
        label="App registration's Application (client) ID"
        value={clientId}
        onValueChange={(v) => {
          setClientId(v)
          if (relayClientIdProblem(v) === null) keep({ clientId: v.trim() })
        }}
        error={touched.clientId ? clientIdError : null}
        hint="From the tenant admin's app registration (a step below): the relay signs in through it."
        placeholder="00000000-0000-0000-0000-000000000000"
        maxLength={36}
        autoComplete="off"
        spellCheck={false}
        onBlur={() => {
          setTouched((t) => ({ ...t, clientId: true }))
          void flush()
        }}
      />
    </div>
  )
}

/** The relay plan, with the relay's address and the sender to type first. */
export function SiteRelayConfigure({ job, relay }: { job: Job; relay: SiteRelay }) {
  const update = useAppStore((s) => s.jobs.update)
  const flush = useAppStore((s) => s.jobs.flush)
  const steps = jobSiteRelayPlan(job) ?? []
  return (
    <>
      <ConfigureSummary steps={steps} job={job} siteRelay>
        {SITE_RELAY_TITLE} (the device sends to it; it signs in to Microsoft 365 with OAuth){' '}
      </ConfigureSummary>
      <RelayAddressFields relay={relay} />
      <TextField
        wrapperClassName="sender-field"
        label="Sender address (the mailbox the relay signs in as)"
        value={job.senderAddress}
        onValueChange={(v) => update((j) => ({ ...j, senderAddress: v }))}
        error={null}
        hint={
          job.senderAddress.trim()
            ? 'Used in the steps below.'
            : 'Not set yet: the steps leave it to fill in until you type it.'
        }
        placeholder={`scanner@${job.domain.trim() || 'contoso.com'}`}
        maxLength={320}
        autoComplete="off"
        spellCheck={false}
        onBlur={() => void flush()}
      />
      <ConfigStepList steps={steps} job={job} />
    </>
  )
}
