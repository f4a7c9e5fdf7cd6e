import type { Job } from '../../../../shared/job-types'
import { TextField } from '../../components/text-field'
import { mailDomainProblem, normalizeMailDomain } from '../../domain/mail-domain'
import { useAppStore } from '../../store'
import { StepHeader } from '../step-header'

type JobTextField = 'customer' | 'site' | 'domain' | 'contact' | 'technician'

/** The limits main's schema sets; the inputs stop there instead of a save failing later. */
const MAX_LENGTH: Record<JobTextField, number> = {
  customer: 500,
  site: 500,
  domain: 253,
  contact: 500,
  technician: 500,
}

/** Who and where: the customer, the site, its mail domain, the contact and the technician. */
export function StepJob() {
  const job = useAppStore((s) => s.jobs.current)
  const update = useAppStore((s) => s.jobs.update)
  const flush = useAppStore((s) => s.jobs.flush)
  if (!job) return null
  const set = (field: JobTextField) => (value: string) =>
    update((j): Job => ({ ...j, [field]: value }))
  const domain = normalizeMailDomain(job.domain)
  const domainProblem = domain === '' ? null : mailDomainProblem(domain)
  const common = { onBlur: () => void flush(), autoComplete: 'off' }
  return (
    <section className="step step-job" aria-labelledby="step-job-title">
      <StepHeader title="Job" titleId="step-job-title">
        Who the visit is for and where. The mail domain is used by the site checks and in every
        setting you will type on the device.
      </StepHeader>
      <div className="form-grid">
        <TextField
          label="Customer"
          value={job.customer}
          onValueChange={set('customer')}
          error={null}
          maxLength={MAX_LENGTH.customer}
          placeholder="Contoso Ltd"
          {...common}
        />
        <TextField
          label="Site"
          value={job.site}
          onValueChange={set('site')}
          error={null}
          hint="The office or building, e.g. Main office, 2nd floor."
          maxLength={MAX_LENGTH.site}
          {...common}
        />
        <TextField
          label="Customer mail domain"
          value={job.domain}
          onValueChange={set('domain')}
          error={domainProblem ? `Customer mail domain ${domainProblem}.` : null}
          hint="The part after @ in the customer's addresses."
          placeholder="contoso.com"
          maxLength={MAX_LENGTH.domain}
          autoCapitalize="off"
          spellCheck={false}
          {...common}
        />
        <TextField
          label="Contact at the site"
          value={job.contact}
          onValueChange={set('contact')}
          error={null}
          hint="Name and phone or email of the person who lets you in."
          maxLength={MAX_LENGTH.contact}
          {...common}
        />
        <TextField
          label="Technician"
          value={job.technician}
          onValueChange={set('technician')}
          error={null}
          hint="You: your name goes on the report."
          maxLength={MAX_LENGTH.technician}
          {...common}
        />
      </div>
    </section>
  )
}
