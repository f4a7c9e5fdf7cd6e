import { TextField } from '../../components/text-field'
import { jobDecision, localDate } from '../../domain/job-decision'
import { jobPlan } from '../../domain/job-plan'
import { deadEnd } from '../../domain/step-hold'
import { useAppStore } from '../../store'
import { ConfigStepList, ConfigureSummary } from '../config-step-list'
import { SiteRelayConfigure } from '../site-relay-configure'
import { StepHeader } from '../step-header'
import { DeadEndPanel } from '../ways-out-panel'

/**
 * The chosen method's steps for this device, the tenant's prerequisites first, each a checklist
 * item with the exact values; ScanPath Relay's plan when the technician took that way out. While
 * no method fits (and no relay is chosen): why, and the way back to the ways out.
 */
export function StepConfigure() {
  const job = useAppStore((s) => s.jobs.current)
  const update = useAppStore((s) => s.jobs.update)
  const flush = useAppStore((s) => s.jobs.flush)
  if (!job) return null
  if (job.siteRelay)
    return (
      <section className="step step-configure" aria-labelledby="step-configure-title">
        <StepHeader title="Configure the device and the relay" titleId="step-configure-title">
          The tenant admin&apos;s steps and the relay machine come first: the device steps after
          them need them done. Tick a step when it is done.
        </StepHeader>
        <SiteRelayConfigure job={job} relay={job.siteRelay} />
      </section>
    )
  const jd = jobDecision(job, localDate())
  const { method, decision } = jd
  const assessment = decision.ranked.find((m) => m.method === method)
  const end = deadEnd(jd)
  if (end || !method || !assessment) {
    return (
      <section className="step step-configure" aria-labelledby="step-configure-title">
        <StepHeader title="Configure the device" titleId="step-configure-title">
          The steps and values to type appear here once a method fits.
        </StepHeader>
        {end ? (
          <DeadEndPanel end={end} nothingTo="Nothing to configure until a way out is taken." />
        ) : null}
      </section>
    )
  }
  const steps = jobPlan(job, assessment)
  return (
    <section className="step step-configure" aria-labelledby="step-configure-title">
      <StepHeader title="Configure the device" titleId="step-configure-title">
        The tenant admin&apos;s steps come first: the device steps after them need them done. Tick a
        step when it is done.
      </StepHeader>
      <ConfigureSummary steps={steps} job={job}>
        {assessment.title}{' '}
        {job.method === method ? null : (
          <span className="muted">(recommended, not confirmed yet) </span>
        )}
      </ConfigureSummary>
      <TextField
        wrapperClassName="sender-field"
        label="Sender address (the device's mailbox)"
        value={job.senderAddress}
        onValueChange={(v) => update((j) => ({ ...j, senderAddress: v }))}
        error={null}
        hint={
          job.senderAddress.trim()
            ? 'Used in the steps below.'
            : `Not set yet: the steps show scanner@${job.domain.trim() || 'example.com'} until you type it.`
        }
        placeholder={`scanner@${job.domain.trim() || 'contoso.com'}`}
        maxLength={320}
        autoComplete="off"
        spellCheck={false}
        onBlur={() => void flush()}
      />
      <ConfigStepList steps={steps} job={job} />
    </section>
  )
}
