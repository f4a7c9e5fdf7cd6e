/** The relay's recent events for the status link: the last 50 kept, text display-safe and cut. */
import { describe, expect, it } from 'vitest'

import {
  RecentEvents,
  RECENT_EVENTS,
  safeText,
} from '../../../../../electron/relay/status-link/recent-events'
import { displayText } from '../../../../../shared/display-text'

describe('recent events', () => {
  it('keeps the last 50, oldest first, and tells of each change', () => {
    let changes = 0
    const r = new RecentEvents({ onChange: () => changes++ })
    for (let i = 0; i < 60; i++)
      r.fromInbound({
        kind: 'refused',
        remoteAddress: `10.0.0.${i}`,
        stage: 'connect',
        reply: '550',
      })
    const list = r.list()
    expect(list).toHaveLength(RECENT_EVENTS)
    expect(list[0]?.device).toBe('10.0.0.10')
    expect(list.at(-1)?.device).toBe('10.0.0.59')
    expect(list[0]?.fix).toMatch(/add its address to "allow"/)
    expect(changes).toBe(60)
  })

  it('makes text display-safe, cuts it, scrubs with the relay’s cleaner', () => {
    expect(safeText('a\u001b[2Jb\u202e')).toBe('a\\x1b[2Jb\\u202e')
    const long = safeText('x'.repeat(5000), 600)
    expect(long).toHaveLength(600)
    expect(long.endsWith('…')).toBe(true)
    // Never half a surrogate pair at the cut.
    const emoji = safeText(`${'x'.repeat(598)}😀😀`, 600)
    expect(displayText(emoji)).toBe(emoji)
    const r = new RecentEvents({ clean: (s) => s.replace('SECRET', '[hidden]') })
    r.fromInbound({
      kind: 'refused',
      remoteAddress: '10.0.0.1',
      stage: 'data',
      reply: '552 too big SECRET\r\n',
    })
    expect(r.list()[0]?.text).toBe('Refused 10.0.0.1 at data: 552 too big [hidden]\\r\\n')
  })
})
