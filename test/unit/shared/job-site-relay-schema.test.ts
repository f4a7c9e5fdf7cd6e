import { describe, expect, it } from 'vitest'

import { jobEdits, newJob, type Job } from '../../../shared/job-types'
import { jobEditsSchema, jobSchema } from '../../../shared/schemas/job'

const base = newJob('job-relay-0001', '2026-12-05T09:00:00.000Z')
const withRelay = (siteRelay: unknown) => ({ ...base, siteRelay }) as unknown as Job

describe('job.siteRelay (schema version 3)', () => {
  it('is optional: a job without it (or with null) is valid, and still version 3', () => {
    expect(base.schemaVersion).toBe(3)
    expect(jobSchema.safeParse(base).success).toBe(true)
    expect(jobSchema.safeParse(withRelay(null)).success).toBe(true)
  })

  it.each([
    ['an IPv4 address', '192.168.1.20', 25],
    ['an IPv6 address', 'fd00::20', 2525],
    ['a host name', 'relay.contoso.local', 587],
    ['nothing yet (not typed)', '', 25],
    ['the highest port', '10.0.0.1', 65535],
  ])('keeps %s', (_what, address, port) => {
    expect(jobSchema.safeParse(withRelay({ address, port })).success).toBe(true)
  })

  it('keeps a client ID (a GUID), or none yet', () => {
    for (const clientId of [
      '',
      '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0',
      '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0'.toUpperCase(),
    ])
      expect(
        jobSchema.safeParse(withRelay({ address: '10.0.0.1', port: 25, clientId })).success,
      ).toBe(true)
  })

  it.each([
    ['a URL', { address: 'smtp://10.0.0.1', port: 25 }, 'siteRelay.address'],
    ['an address with its port', { address: '10.0.0.1:25', port: 25 }, 'siteRelay.address'],
    ['a space', { address: '10.0.0. 1', port: 25 }, 'siteRelay.address'],
    ['padding', { address: ' 10.0.0.1', port: 25 }, 'siteRelay.address'],
    ['an impossible IPv4', { address: '10.0.0.300', port: 25 }, 'siteRelay.address'],
    ['port 0', { address: '10.0.0.1', port: 0 }, 'siteRelay.port'],
    ['port 65536', { address: '10.0.0.1', port: 65536 }, 'siteRelay.port'],
    ['a fractional port', { address: '10.0.0.1', port: 25.5 }, 'siteRelay.port'],
    ['a port as text', { address: '10.0.0.1', port: '25' }, 'siteRelay.port'],
    ['an extra field', { address: '10.0.0.1', port: 25, password: 'x' }, 'siteRelay'],
    [
      'a client ID that is not a GUID',
      { address: '10.0.0.1', port: 25, clientId: 'my-app' },
      'siteRelay.clientId',
    ],
  ])('refuses %s, naming the field', (_what, relay, path) => {
    const r = jobSchema.safeParse(withRelay(relay))
    expect(r.success).toBe(false)
    expect(r.error?.issues.map((i) => i.path.join('.'))).toContain(path)
  })

  it('is part of what the renderer saves (jobEdits), and only when chosen', () => {
    const job = withRelay({ address: '10.0.0.1', port: 2525 })
    const edits = jobEdits(job)
    expect(edits.siteRelay).toEqual({ address: '10.0.0.1', port: 2525 })
    expect(jobEditsSchema.safeParse(edits).success).toBe(true)
    // Null, not absent: main merges a save into the job, so only null clears an earlier choice.
    expect(jobEdits(base).siteRelay).toBeNull()
    expect(jobEditsSchema.safeParse(jobEdits(base)).success).toBe(true)
  })
})
