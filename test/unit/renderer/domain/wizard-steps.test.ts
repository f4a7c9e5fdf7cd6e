import { describe, expect, it } from 'vitest'

import { neighbourStep, stepBarItems, stepMeta } from '../../../../renderer/src/domain/wizard-steps'
import { newJob, WIZARD_STEPS } from '../../../../shared/job-types'

describe('wizard steps', () => {
  it('has a label and title for every step', () => {
    for (const s of WIZARD_STEPS) {
      expect(stepMeta(s).label).not.toBe('')
      expect(stepMeta(s).title).not.toBe('')
    }
  })

  it('moves through the steps in order and stops at both ends', () => {
    expect(neighbourStep('job', -1)).toBeNull()
    expect(neighbourStep('job', 1)).toBe('device')
    expect(neighbourStep('site-checks', 1)).toBe('decision')
    expect(neighbourStep('decision', -1)).toBe('site-checks')
    expect(neighbourStep('report', 1)).toBeNull()
  })
})

describe('stepBarItems: the step bar from the job', () => {
  const TODAY = '2026-12-05'
  const job = {
    ...newJob('job-00000001', `${TODAY}T08:00:00.000Z`),
    customer: 'Contoso',
    site: 'Leeds',
  }

  it('numbers the steps, marks the current one, and describes only what the job records', () => {
    const items = stepBarItems(job, 'device', TODAY)
    expect(items.map((i) => i.step)).toEqual(WIZARD_STEPS)
    expect(items.map((i) => i.number)).toEqual([1, 2, 3, 4, 5, 6, 7])
    expect(items.filter((i) => i.current).map((i) => i.step)).toEqual(['device'])
    expect(items[0]).toMatchObject({ label: 'Job', state: 'done', description: 'Done' })
    expect(items[1]).toMatchObject({ label: 'Device', state: 'open', description: null })
  })

  it('a chosen family makes the device step done; no job: every step open', () => {
    const device = { ...job.device, familyId: 'generic-smtp-device' }
    expect(stepBarItems({ ...job, device }, 'device', TODAY)[1]?.state).toBe('done')
    const none = stepBarItems(null, 'job', TODAY)
    expect(none.every((i) => i.state === 'open' && i.description === null)).toBe(true)
  })
})
