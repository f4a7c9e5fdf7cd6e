import { describe, expect, it } from 'vitest'

import { neighbourStep, stepMeta } from '../../../../renderer/src/domain/wizard-steps'
import { WIZARD_STEPS } from '../../../../shared/job-types'

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
