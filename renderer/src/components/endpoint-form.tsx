import { useState } from 'react'

import type { EndpointValidation } from '../domain/endpoint-form'
import { ENDPOINT_LABELS } from '../domain/endpoint-form'
import { useAppStore } from '../store'
import { TextField } from './text-field'

/**
 * The DNS server, behind an "Advanced" disclosure: most sites need none. Open from the start when a
 * server is already set, and the summary names it while closed, so a setting that changes every
 * lookup of the run is never hidden.
 */
function AdvancedOptions({ problem }: { problem: string | null }) {
  const dnsServer = useAppStore((s) => s.probes.endpoints.dnsServer)
  const setEndpoint = useAppStore((s) => s.probes.setEndpoint)
  const [open, setOpen] = useState(() => dnsServer.trim() !== '')
  const summaryNote = problem
    ? 'DNS server needs a correction'
    : dnsServer.trim()
      ? `DNS server ${dnsServer.trim()}`
      : null
  return (
    <details className="advanced" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary className="advanced__toggle">
        Advanced
        {summaryNote && !open ? (
          <span className={`advanced__note${problem ? ' advanced__note--invalid' : ''}`}>
            {problem ? <span aria-hidden="true">✕ </span> : null}
            {summaryNote}
          </span>
        ) : null}
      </summary>
      <div className="advanced__body">
        <TextField
          wrapperClassName="advanced__dns"
          label={`${ENDPOINT_LABELS.dnsServer} (optional)`}
          value={dnsServer}
          onValueChange={(v) => setEndpoint('dnsServer', v)}
          error={problem}
          hint="An IP address, with a port if it is not 53 (e.g. 192.0.2.53 or 192.0.2.53:5353). Every DNS lookup of the checks goes to it; leave it empty to use this laptop's own resolver."
          autoComplete="off"
          autoCapitalize="off"
          spellCheck={false}
        />
      </div>
    </details>
  )
}

/** What the checks look at: the customer's domain and the endpoints. Values live in the store. */
export function EndpointForm({ validation }: { validation: EndpointValidation }) {
  const endpoints = useAppStore((s) => s.probes.endpoints)
  const setEndpoint = useAppStore((s) => s.probes.setEndpoint)
  const { problems } = validation
  return (
    <fieldset className="endpoints">
      <legend className="endpoints__legend">What to check</legend>
      <div className="endpoints__grid">
        <TextField
          wrapperClassName="endpoints__host"
          label={`${ENDPOINT_LABELS.domain} (optional)`}
          value={endpoints.domain}
          onValueChange={(v) => setEndpoint('domain', v)}
          error={problems.domain}
          hint="The part after @ in the customer's addresses. Adds checks of its MX and SPF records, and whether mail from this site passes SPF."
          placeholder="contoso.com"
          autoComplete="off"
          autoCapitalize="off"
          spellCheck={false}
        />
        <TextField
          wrapperClassName="endpoints__host endpoints__row-start"
          label={ENDPOINT_LABELS.submissionHost}
          value={endpoints.submissionHost}
          onValueChange={(v) => setEndpoint('submissionHost', v)}
          error={problems.submissionHost}
          hint="Microsoft 365 client submission is smtp.office365.com."
          autoComplete="off"
          autoCapitalize="off"
          spellCheck={false}
          required
        />
        <TextField
          wrapperClassName="endpoints__port"
          label={ENDPOINT_LABELS.submissionPort}
          value={endpoints.submissionPort}
          onValueChange={(v) => setEndpoint('submissionPort', v)}
          error={problems.submissionPort}
          inputMode="numeric"
          autoComplete="off"
          required
        />
        <TextField
          wrapperClassName="endpoints__host"
          label={`${ENDPOINT_LABELS.mxHost} (optional)`}
          value={endpoints.mxHost}
          onValueChange={(v) => setEndpoint('mxHost', v)}
          error={problems.mxHost}
          hint="Adds port 25 and STARTTLS checks against the tenant's own MX endpoint. With a customer domain, it is found in DNS when left empty."
          placeholder="contoso-com.mail.protection.outlook.com"
          autoComplete="off"
          autoCapitalize="off"
          spellCheck={false}
        />
        <TextField
          wrapperClassName="endpoints__port"
          label={ENDPOINT_LABELS.timeoutSeconds}
          value={endpoints.timeoutSeconds}
          onValueChange={(v) => setEndpoint('timeoutSeconds', v)}
          error={problems.timeoutSeconds}
          hint="Per step."
          inputMode="decimal"
          autoComplete="off"
          required
        />
      </div>
      <AdvancedOptions problem={problems.dnsServer} />
    </fieldset>
  )
}
