import { describe, expect, it } from 'vitest'

import { stepNeeds } from '../../../../renderer/src/domain/job-plan'
import { findFamily } from '../../../../shared/catalog'
import { configurationPlan } from '../../../../shared/configure/plan'
import type { ConfigStep } from '../../../../shared/configure/plan-types'

const step = (id: string, needs?: string[]): ConfigStep => ({
  id,
  title: id,
  who: 'device',
  where: null,
  text: '',
  fields: [],
  ...(needs ? { needs } : {}),
})

describe('stepNeeds: the numbers of the steps a step needs done first', () => {
  it('numbers them in plan order, sorted, and ignores ids not in the plan', () => {
    const steps = [step('a'), step('b'), step('c', ['b', 'gone', 'a'])]
    expect(stepNeeds(steps, steps[2]!)).toEqual([1, 2])
    expect(stepNeeds(steps, steps[0]!)).toEqual([])
  })

  it('an OAuth plan: the sign-in needs SMTP AUTH and consent, steps 1 and 2', () => {
    const family = findFamily('ricoh-im-series-smart-operation-panel')!
    const steps = configurationPlan({
      method: 'client-submission-oauth',
      port: 587,
      family,
      domain: 'contoso.com',
      senderAddress: 'scanner@contoso.com',
      mxHost: null,
      publicIp: null,
      spfRecord: null,
    })
    const signIn = steps.find((s) => s.id === 'oauth-sign-in')!
    expect(stepNeeds(steps, signIn)).toEqual([1, 2])
  })
})
