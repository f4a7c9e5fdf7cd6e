import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

import {
  jobMigrations,
  migrate,
  NewerSchemaError,
  profilesMigrations,
  refuseNewer,
  schemaVersionOf,
  type MigrationTable,
} from '../../../../electron/store/migrations'
import { jobSchema } from '../../../../shared/schemas/job'

const FIXTURES = join(__dirname, '..', '..', '..', 'fixtures', 'store')

describe('migrations', () => {
  it('reads the version of a file, 0 when it predates versions', () => {
    expect(schemaVersionOf({ schemaVersion: 3 })).toBe(3)
    expect(schemaVersionOf({ id: 'x' })).toBe(0)
    expect(schemaVersionOf([])).toBe(0)
    expect(() => schemaVersionOf('job')).toThrow('is not a JSON object')
    expect(() => schemaVersionOf({ schemaVersion: '1' })).toThrow(
      'has a schema version that is not a whole number ("1")',
    )
    expect(() => schemaVersionOf({ schemaVersion: 1.5 })).toThrow('not a whole number')
  })

  it('upgrades the hand-written v0 job to a valid current job, keeping every field it had', async () => {
    const v0 = JSON.parse(await readFile(join(FIXTURES, 'job-v0.json'), 'utf8'))
    const { doc, from } = migrate(v0, jobMigrations)
    expect(from).toBe(0)
    expect(doc).toEqual({ ...v0, schemaVersion: 3, senderAddress: '', mxHost: '', checklist: {} })
    expect(jobSchema.safeParse(doc).success).toBe(true)
  })

  it('keeps what a v0 file already had of the later fields', () => {
    const { doc } = migrate({ id: 'x', mxHost: 'mx.contoso.test' }, jobMigrations)
    expect(doc).toMatchObject({ schemaVersion: 3, mxHost: 'mx.contoso.test', senderAddress: '' })
  })

  it('stamps a v1 job as v2: its report is upgraded by the job schema as it is read', () => {
    const v1 = { schemaVersion: 1, id: 'x', lastReport: null, checklist: {} }
    expect(migrate(v1, jobMigrations)).toEqual({ doc: { ...v1, schemaVersion: 3 }, from: 1 })
  })

  it("v2 to v3: the 'verify' checklist item becomes the job's verifyOutcome, dated by its save", () => {
    const at = '2026-12-01T10:15:00.000Z'
    const checklist = { 'smtp-server': { done: true, note: 'set' } }
    const passed = {
      schemaVersion: 2,
      id: 'x',
      updatedAt: at,
      checklist: { ...checklist, verify: { done: true, note: 'Signed in and sent a test.' } },
    }
    expect(migrate(passed, jobMigrations).doc).toEqual({
      schemaVersion: 3,
      id: 'x',
      updatedAt: at,
      checklist,
      verifyOutcome: { passed: true, text: 'Signed in and sent a test.', at },
    })
    // An empty outcome was never shown: it is dropped, not carried over.
    const empty = { ...passed, checklist: { verify: { done: false, note: '' } } }
    expect(migrate(empty, jobMigrations).doc).toEqual({
      schemaVersion: 3,
      id: 'x',
      updatedAt: at,
      checklist: {},
    })
  })

  it('leaves a current file alone and refuses one from a newer version', () => {
    const v3 = { schemaVersion: 3, id: 'x' }
    expect(migrate(v3, jobMigrations)).toEqual({ doc: v3, from: 3 })
    expect(() => migrate({ schemaVersion: 4 }, jobMigrations)).toThrow(
      'was written by a newer ScanPath (schema 4; this one reads up to 3)',
    )
    // Its own kind: the stores leave such a file where it is instead of quarantining it.
    expect(() => migrate({ schemaVersion: 5 }, jobMigrations)).toThrow(NewerSchemaError)
    try {
      migrate({ schemaVersion: 5 }, jobMigrations)
    } catch (e) {
      expect(e).toMatchObject({ found: 5, readsUpTo: 3 })
    }
  })

  it('refuseNewer: only a newer version throws (for stores with no migration table)', () => {
    expect(() => refuseNewer({ schemaVersion: 1 }, 1)).not.toThrow()
    expect(() => refuseNewer({}, 1)).not.toThrow()
    expect(() => refuseNewer({ schemaVersion: 2 }, 1)).toThrow(NewerSchemaError)
    expect(() => refuseNewer('x', 1)).toThrow('is not a JSON object')
  })

  it('walks a chain of steps, and says which step failed', () => {
    const table: MigrationTable = {
      what: 'test file',
      current: 3,
      steps: {
        0: (d) => ({ ...(d as object), schemaVersion: 1, a: true }),
        1: (d) => ({ ...(d as object), schemaVersion: 2, b: true }),
        2: (d) => {
          if ((d as { fail?: boolean }).fail) throw new Error('no c')
          return { ...(d as object), schemaVersion: 3, c: true }
        },
      },
    }
    expect(migrate({}, table)).toEqual({
      doc: { schemaVersion: 3, a: true, b: true, c: true },
      from: 0,
    })
    expect(() => migrate({ schemaVersion: 2, fail: true }, table)).toThrow(
      'could not be upgraded from schema version 2: no c',
    )
    expect(() => migrate({}, { ...table, steps: { 0: table.steps[0]! } })).toThrow(
      'has schema version 1, which this version cannot upgrade',
    )
    expect(() => migrate({}, { ...table, steps: { ...table.steps, 0: (d) => d } })).toThrow(
      'upgrade step from schema version 0 did not produce version 1',
    )
  })

  it('wraps the bare-array profiles file', () => {
    const list = [{ id: 'profile-0001' }]
    expect(migrate(list, profilesMigrations)).toEqual({
      doc: { schemaVersion: 1, profiles: list },
      from: 0,
    })
    expect(() => migrate({ profiles: [] }, profilesMigrations)).toThrow(
      'could not be upgraded from schema version 0: is neither a list of profiles nor a versioned file',
    )
  })
})
