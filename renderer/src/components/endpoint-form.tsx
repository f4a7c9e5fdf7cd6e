import type { EndpointValidation } from '../domain/endpoint-form'
import { ENDPOINT_LABELS } from '../domain/endpoint-form'
import { useAppStore } from '../store'
import { TextField } from './text-field'

/** The "Endpoints" fieldset: where the checks connect. Values live in the store. */
export function EndpointForm({ validation }: { validation: EndpointValidation }) {
  const endpoints = useAppStore((s) => s.probes.endpoints)
  const setEndpoint = useAppStore((s) => s.probes.setEndpoint)
  const { problems } = validation
  return (
    <fieldset className="endpoints">
      <legend className="endpoints__legend">Endpoints</legend>
      <div className="endpoints__grid">
        <TextField
          wrapperClassName="endpoints__host"
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
          hint="Adds port 25 and STARTTLS checks against the tenant's own MX endpoint."
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
    </fieldset>
  )
}
