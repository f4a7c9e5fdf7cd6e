import { describe, expect, it } from 'vitest'

import { STATUS_META, type BadgeStatus } from '../../../../renderer/src/domain/status-meta'

describe('STATUS_META', () => {
  it('gives a skipped check its own word and mark, never those of an information result', () => {
    expect(STATUS_META.skip.label).toBe('Skipped')
    expect(STATUS_META.info.label).toBe('Info')
    expect(STATUS_META.skip.icon).not.toBe(STATUS_META.info.icon)
    expect(STATUS_META.skip.className).not.toBe(STATUS_META.info.className)
  })

  it('shows every status with a word, a mark and a class of its own', () => {
    const all = Object.keys(STATUS_META) as BadgeStatus[]
    for (const key of ['label', 'icon', 'className'] as const)
      expect(new Set(all.map((s) => STATUS_META[s][key])).size, key).toBe(all.length)
  })
})
