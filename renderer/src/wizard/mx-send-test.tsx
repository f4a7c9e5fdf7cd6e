import { useState } from 'react'

import type { Job } from '../../../shared/job-types'
import { TextField } from '../components/text-field'
import {
  initialMxSendFields,
  mxSendProblems,
  mxSendRequest,
  type MxSendFields,
} from '../domain/mx-send-form'
import { verifyPassed } from '../domain/step-hold'
import { mxSendDefaults } from '../domain/verify-plan'
import { useAppStore } from '../store'
import { MX_SEND_RUN } from '../store/profiles-slice'
import { VerifyOutcome } from './verify-outcome'

/**
 * Direct send and relay in the Verify step: a real message to the tenant MX, sent from this
 * laptop on the device's network without a sign-in, as the device will; the answer explained.
 */
export function MxSendTest({ job, method }: { job: Job; method: 'direct-send' | 'relay' }) {
  const defaults = mxSendDefaults(job)
  const [fields, setFields] = useState<MxSendFields>(() => initialMxSendFields(defaults))
  const [touched, setTouched] = useState(false)
  const run = useAppStore((s) => s.profiles.verify[MX_SEND_RUN])
  const runMxSend = useAppStore((s) => s.profiles.runMxSend)
  const running = run?.kind === 'running'
  const relay = method === 'relay'
  const found = mxSendProblems(fields, relay)
  const shown = (k: keyof MxSendFields) => (touched || fields[k] !== '' ? found[k] : null)
  const set = (k: keyof MxSendFields) => (v: string) => setFields((f) => ({ ...f, [k]: v }))

  return (
    <div className="verify-tests verify-mx" data-verify-mx={method}>
      <form
        className="verify-mx__form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault()
          setTouched(true)
          if (running || Object.values(found).some(Boolean)) return
          void runMxSend(mxSendRequest(fields, method, job, defaults.spf), job.id)
        }}
      >
        <TextField
          label="Tenant MX host"
          value={fields.mxHost}
          onValueChange={set('mxHost')}
          error={shown('mxHost')}
          hint={
            defaults.mxFrom === 'dns'
              ? "Found in the customer domain's MX record by the site checks."
              : defaults.mxFrom === 'job'
                ? 'As typed in the job.'
                : "The customer domain's MX record, e.g. contoso-com.mail.protection.outlook.com (the site checks find it when the domain is filled in)."
          }
          autoComplete="off"
          autoCapitalize="off"
          spellCheck={false}
          maxLength={255}
        />
        <TextField
          label="From"
          type="email"
          value={fields.from}
          onValueChange={set('from')}
          error={shown('from')}
          hint="The address the device will send as: one of the tenant's domains."
          autoComplete="off"
          spellCheck={false}
          maxLength={254}
        />
        <TextField
          label="Send the test message to"
          type="email"
          value={fields.to}
          onValueChange={set('to')}
          error={shown('to')}
          hint={
            relay
              ? 'An address outside the organisation proves the connector (an internal one is accepted without it).'
              : 'A mailbox of this tenant you can check: direct send never reaches outside addresses.'
          }
          placeholder="someone@contoso.com"
          autoComplete="off"
          spellCheck={false}
          maxLength={254}
        />
        {relay ? (
          <TextField
            label="IP address the connector lists"
            value={fields.connectorIp}
            onValueChange={set('connectorIp')}
            error={shown('connectorIp')}
            hint="Compared with the address Exchange Online sees; the site checks' public IP is filled in."
            autoComplete="off"
            spellCheck={false}
            maxLength={64}
          />
        ) : null}
        <details className="advanced">
          <summary className="advanced__toggle">Advanced</summary>
          <div className="advanced__body">
            <TextField
              label="MX port"
              inputMode="numeric"
              value={fields.mxPort}
              onValueChange={set('mxPort')}
              error={shown('mxPort')}
              hint="25 for Microsoft 365; another port only for a test server."
              maxLength={5}
            />
          </div>
        </details>
        <button
          type="submit"
          className={`button ${verifyPassed(job) ? 'button--secondary' : 'button--primary'} verify-send__button`}
          aria-disabled={running || undefined}
        >
          Send a test message
        </button>
      </form>
      <VerifyOutcome run={run} job={job} />
    </div>
  )
}
