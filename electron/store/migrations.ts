/**
 * Schema versions of the files the main process keeps, and how an older file is brought up to
 * date. Every file carries `schemaVersion`; a file without one was written before versions
 * existed and is version 0. A table maps version N to the step that turns an N document into
 * N + 1, so a file of any older version walks the chain up to the current one. Steps are pure
 * (no disk): the caller validates the result and only then rewrites the file, so a failed upgrade
 * leaves the original untouched for the quarantine.
 */
import { JOB_SCHEMA_VERSION } from '../../shared/job-types'

export type Upgrade = (doc: unknown) => unknown

export interface MigrationTable {
  /** What the file is, for a person reading a problem: `job file`. */
  what: string
  current: number
  /** Version N → the step from N to N + 1. */
  steps: Readonly<Record<number, Upgrade>>
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/**
 * A file written by a newer ScanPath: its fields may mean things this version does not know, so it
 * is neither read nor set aside (the newer app that wrote it still wants it where it is).
 */
export class NewerSchemaError extends Error {
  constructor(
    readonly found: number,
    readonly readsUpTo: number,
  ) {
    super(`was written by a newer ScanPath (schema ${found}; this one reads up to ${readsUpTo})`)
    this.name = 'NewerSchemaError'
  }
}

/** Throws NewerSchemaError when a parsed file is from a newer ScanPath than `current`. */
export function refuseNewer(raw: unknown, current: number): void {
  const found = schemaVersionOf(raw)
  if (found > current) throw new NewerSchemaError(found, current)
}

/** The version a parsed file says it is (0 when it predates versions); throws when it is nonsense. */
export function schemaVersionOf(raw: unknown): number {
  if (Array.isArray(raw)) return 0
  if (!isRecord(raw)) throw new Error('is not a JSON object')
  if (!('schemaVersion' in raw)) return 0
  const v = raw.schemaVersion
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
    throw new Error(`has a schema version that is not a whole number (${JSON.stringify(v)})`)
  }
  return v
}

/**
 * Brings a parsed file up to `table.current`. Returns the upgraded document and the version it
 * started at (the caller rewrites the file when that is older). A file from a newer ScanPath is
 * refused (NewerSchemaError) rather than guessed at.
 */
export function migrate(raw: unknown, table: MigrationTable): { doc: unknown; from: number } {
  const from = schemaVersionOf(raw)
  if (from > table.current) throw new NewerSchemaError(from, table.current)
  let doc = raw
  for (let v = from; v < table.current; v++) {
    const step = table.steps[v]
    if (!step) throw new Error(`has schema version ${v}, which this version cannot upgrade`)
    try {
      doc = step(doc)
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e)
      throw new Error(`could not be upgraded from schema version ${v}: ${why}`, { cause: e })
    }
    if (schemaVersionOf(doc) !== v + 1) {
      // A step that forgets to stamp its version would loop or skip: a bug here, not in the file.
      throw new Error(`upgrade step from schema version ${v} did not produce version ${v + 1}`)
    }
  }
  return { doc, from }
}

/**
 * Jobs. v0: the first job files, written before the job store had versions; they lacked the
 * sender address, the tenant MX host and the configuration checklist (all added with the
 * configure step). v1: a site-check result's status was pass, warn, fail or skip. v2: the current
 * `Job` (shared/job-types.ts): results may be `info` and every skip carries a `skipReason`, which
 * a ScanPath that reads up to v1 would take for damage; a v1 report is upgraded as it is read
 * (shared/schemas/stored-report.ts: port 465 becomes `info`, the skip reason is recovered from
 * the saved words, the summary is recounted). v3: the last Verify test is the job's own
 * `verifyOutcome`, recorded by main with its time, no longer a "verify" checklist item.
 */
export const jobMigrations: MigrationTable = {
  what: 'job file',
  current: JOB_SCHEMA_VERSION,
  steps: {
    0: (doc) => {
      if (!isRecord(doc)) throw new Error('is not a JSON object')
      return {
        ...doc,
        schemaVersion: 1,
        senderAddress: doc.senderAddress ?? '',
        mxHost: doc.mxHost ?? '',
        checklist: doc.checklist ?? {},
      }
    },
    1: (doc) => {
      if (!isRecord(doc)) throw new Error('is not a JSON object')
      return { ...doc, schemaVersion: 2 }
    },
    2: (doc) => {
      if (!isRecord(doc)) throw new Error('is not a JSON object')
      // The Verify outcome was a checklist item under "verify", kept by the renderer, without a
      // time: it becomes the job's own field, dated by the job's last save (when it was kept).
      const { verify, ...checklist } = isRecord(doc.checklist) ? doc.checklist : {}
      const outcome =
        isRecord(verify) && typeof verify.note === 'string' && verify.note.trim() !== ''
          ? { passed: verify.done === true, text: verify.note, at: doc.updatedAt }
          : undefined
      return {
        ...doc,
        schemaVersion: 3,
        checklist,
        ...(outcome ? { verifyOutcome: outcome } : {}),
      }
    },
  },
}

export const PROFILES_SCHEMA_VERSION = 1

/**
 * Mailbox profiles (profiles.json). v0: a bare JSON array of profiles. v1: the array wrapped as
 * `{ schemaVersion: 1, profiles: [...] }` so the file can carry its version like every other.
 */
export const profilesMigrations: MigrationTable = {
  what: 'mailbox profiles file',
  current: PROFILES_SCHEMA_VERSION,
  steps: {
    0: (doc) => {
      if (!Array.isArray(doc)) throw new Error('is neither a list of profiles nor a versioned file')
      return { schemaVersion: 1, profiles: doc }
    },
  },
}
