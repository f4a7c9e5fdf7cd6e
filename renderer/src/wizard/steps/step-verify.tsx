import { useEffect, useId, useState } from 'react'

import { emailProblem } from '../../../../shared/host-syntax'
import type { Job } from '../../../../shared/job-types'
import type { MailboxProfileView } from '../../../../shared/profile-types'
import { TextField } from '../../components/text-field'
import { jobDecision, localDate } from '../../domain/job-decision'
import { confirmedMethod, deadEnd, verifyPassed } from '../../domain/step-hold'
import { methodLabel, secretStatus } from '../../domain/profile-form'
import { endpointLabel } from '../../domain/profile-view'
import {
  preferredProfileId,
  suggestedProfileName,
  suggestedRecipient,
  verifyApplicability,
  type VerifyApplicability,
} from '../../domain/verify-plan'
import { OAuthSignIn } from '../../profiles/oauth-sign-in'
import { ProfileForm } from '../../profiles/profile-form'
import { SecretForm } from '../../profiles/secret-form'
import { StorageBanner } from '../../profiles/storage-banner'
import { useAppStore } from '../../store'
import { CapturePanel } from '../capture-panel'
import { MxSendTest } from '../mx-send-test'
import { SiteRelayVerify } from '../site-relay-verify'
import { VerifyOutcome } from '../verify-outcome'
import { StepHeader } from '../step-header'
import { DeadEndPanel } from '../ways-out-panel'

type SignInApplies = Extract<VerifyApplicability, { kind: 'sign-in' }>

function ProfilePicker({
  job,
  profiles,
  selected,
  creating,
  onPick,
  onNew,
}: {
  job: Job
  profiles: MailboxProfileView[]
  selected: string | null
  /** The new-profile form is open below: its own button is the main one. */
  creating: boolean
  onPick(id: string): void
  onNew(): void
}) {
  const id = useId()
  const devices = profiles.filter((p) => p.purpose === 'device')
  const sender = job.senderAddress.trim()
  return (
    <div className="verify-picker">
      {devices.length > 0 ? (
        <div className="field verify-picker__field">
          <label className="field__label" htmlFor={id}>
            The device&apos;s mailbox
          </label>
          <select
            id={id}
            className="field__input field__select"
            value={selected ?? ''}
            onChange={(e) => onPick(e.target.value)}
          >
            {selected === null ? <option value="">Choose a mailbox profile…</option> : null}
            {devices.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name} — {p.address}
              </option>
            ))}
          </select>
        </div>
      ) : (
        <p className="verify-picker__none">
          No device mailbox yet{sender ? ` (the job's sender is ${sender})` : ''}. Add one to test
          it.
        </p>
      )}
      {/* With no device mailbox yet, making one is the step's main action. */}
      {creating ? null : (
        <button
          type="button"
          className={`button ${devices.length > 0 ? 'button--secondary' : 'button--primary'}`}
          onClick={onNew}
        >
          New mailbox profile
        </button>
      )}
    </div>
  )
}

function VerifyTests({ job, profile }: { job: Job; profile: MailboxProfileView }) {
  const run = useAppStore((s) => s.profiles.verify[profile.id])
  const runVerify = useAppStore((s) => s.profiles.runVerify)
  const [recipient, setRecipient] = useState(() => suggestedRecipient(job))
  const [recipientTouched, setRecipientTouched] = useState(false)
  const [replacing, setReplacing] = useState(false)
  const running = run?.kind === 'running'
  const problem = emailProblem(recipient)
  const recipientError = recipientTouched && problem ? `Recipient ${problem}` : null
  const ready = profile.hasSecret

  return (
    <div className="verify-tests" data-profile-id={profile.id}>
      <dl className="profile-card__facts">
        <div>
          <dt>Mailbox</dt>
          <dd className="mono">{profile.address}</dd>
        </div>
        <div>
          <dt>Server</dt>
          <dd className="mono">{endpointLabel(profile)}</dd>
        </div>
        <div>
          <dt>Sign-in</dt>
          <dd>
            {methodLabel(profile.method)} · {secretStatus(profile)}
          </dd>
        </div>
      </dl>
      {profile.method === 'oauth' ? (
        <OAuthSignIn profile={profile} />
      ) : !profile.hasSecret || replacing ? (
        <SecretForm
          profile={profile}
          onDone={() => setReplacing(false)}
          {...(replacing ? { onCancel: () => setReplacing(false) } : {})}
        />
      ) : null}
      {ready ? (
        <>
          <div className="verify-actions">
            {/* One main action: the test message (it signs in first) until a test has passed, then
                StepNav's Next; the sign-in test alone is always secondary. */}
            <button
              type="button"
              className="button button--secondary"
              aria-disabled={running || undefined}
              onClick={() => {
                if (!running) void runVerify(profile.id, null, job.id)
              }}
            >
              Test sign-in
            </button>
            {profile.method === 'basic' && !replacing ? (
              <button
                type="button"
                className="button button--secondary button--small"
                onClick={() => setReplacing(true)}
              >
                Replace password
              </button>
            ) : null}
          </div>
          <form
            className="verify-send"
            noValidate
            onSubmit={(e) => {
              e.preventDefault()
              setRecipientTouched(true)
              if (problem || running) return
              void runVerify(profile.id, recipient.trim(), job.id)
            }}
          >
            <TextField
              wrapperClassName="verify-send__to"
              label="Send the test message to"
              type="email"
              value={recipient}
              onValueChange={(v) => {
                setRecipient(v)
                setRecipientTouched(true)
              }}
              error={recipientError}
              hint="A mailbox you can check (the customer's contact, or your own)."
              placeholder="someone@contoso.com"
              maxLength={254}
              autoComplete="off"
              spellCheck={false}
            />
            <button
              type="submit"
              className={`button ${verifyPassed(job) ? 'button--secondary' : 'button--primary'} verify-send__button`}
              aria-disabled={running || undefined}
            >
              Send a test message
            </button>
          </form>
        </>
      ) : null}
      <VerifyOutcome run={run} job={job} />
    </div>
  )
}

function VerifySignIn({ job, applies }: { job: Job; applies: SignInApplies }) {
  const list = useAppStore((s) => s.profiles.list)
  const load = useAppStore((s) => s.profiles.load)
  const picked = useAppStore((s) => s.profiles.pickedForJob[job.id] ?? null)
  const pick = useAppStore((s) => s.profiles.pickForJob)
  const [creating, setCreating] = useState(false)

  useEffect(() => {
    void load()
  }, [load])

  if (list.kind === 'failed') {
    return (
      <div className="alert" role="alert">
        <p className="alert__title">
          <span aria-hidden="true">✕ </span>The mailbox profiles could not be loaded
        </p>
        <p className="alert__message">{list.error.message}</p>
        <button type="button" className="button button--secondary" onClick={() => void load()}>
          Try again
        </button>
      </div>
    )
  }
  if (list.kind !== 'ready')
    return (
      <p className="muted" role="status">
        Loading the mailbox profiles…
      </p>
    )

  const selectedId = preferredProfileId(list.profiles, job, picked)
  const selected = list.profiles.find((p) => p.id === selectedId) ?? null
  return (
    <>
      <StorageBanner />
      <ProfilePicker
        job={job}
        profiles={list.profiles}
        selected={selectedId}
        creating={creating}
        onPick={(id) => pick(job.id, id)}
        onNew={() => setCreating(true)}
      />
      {creating ? (
        <ProfileForm
          editing={null}
          init={{
            purpose: 'device',
            name: suggestedProfileName(job),
            address: job.senderAddress,
            method: applies.profileMethod,
            host: applies.host,
          }}
          onSaved={(p) => {
            pick(job.id, p.id)
            setCreating(false)
          }}
          onCancel={() => setCreating(false)}
        />
      ) : selected ? (
        <VerifyTests key={selected.id} job={job} profile={selected} />
      ) : null}
    </>
  )
}

/** From this laptop: sign in as the device's mailbox, send a real test, explain every refusal. */
export function StepVerify() {
  const job = useAppStore((s) => s.jobs.current)
  const goTo = useAppStore((s) => s.wizard.goTo)
  if (!job) return null
  const jd = jobDecision(job, localDate())
  const { method, decision } = jd
  const applies = verifyApplicability(method)
  const title = decision.ranked.find((m) => m.method === method)?.title
  const end = deadEnd(jd)
  const unconfirmed = method !== null && confirmedMethod(job, decision) === null
  return (
    <section className="step step-verify" aria-labelledby="step-verify-title">
      <StepHeader title="Verify" titleId="step-verify-title">
        Prove from this laptop that the device&apos;s mailbox can sign in and send, before leaving
        the site.
      </StepHeader>
      {unconfirmed && !job.siteRelay ? (
        <div className="note note--warn" data-verify-unconfirmed>
          <span className="note__label">No method chosen yet:</span> these tests are for
          ScanPath&apos;s recommendation.{' '}
          <button
            type="button"
            className="button button--secondary button--small"
            onClick={() => goTo('decision')}
          >
            Choose it in the Decision step
          </button>
        </div>
      ) : null}
      {job.siteRelay ? (
        <SiteRelayVerify job={job} relay={job.siteRelay} />
      ) : applies.kind === 'no-method' ? (
        end ? (
          <DeadEndPanel
            end={end}
            nothingTo="Nothing to verify until a way out is taken: Verify tests the way the device will send."
          />
        ) : null
      ) : applies.kind === 'mx-send' ? (
        <>
          <h3 id="verify-mx-title">Send a test message to the tenant MX</h3>
          <p className="verify-method">
            <span className="config-step__label">Method:</span> {title}
          </p>
          <p className="verify-mx__why" data-verify-applies="mx-send">
            {applies.why}
          </p>
          <MxSendTest job={job} method={applies.mxMethod} />
        </>
      ) : (
        <>
          {/* The sign-in test's own heading: its results (h4) sit under it, as capture's do. */}
          <h3 id="verify-sign-in-title">Sign in as the device&apos;s mailbox</h3>
          <p className="verify-method">
            <span className="config-step__label">Method:</span> {title}
          </p>
          <VerifySignIn job={job} applies={applies} />
        </>
      )}
      <CapturePanel deviceAddress={job.device.address} />
    </section>
  )
}
