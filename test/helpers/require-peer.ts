/**
 * "Skip on a developer machine, fail in CI": the one rule for tests that need something from the
 * machine (a program such as Chromium or pdftotext, root for network namespaces, a keyring).
 */
import { describe, expect, it } from 'vitest'

export interface PeerRequirement {
  /** The machine lacks it: skip the group (outside CI; in CI a failing test was registered). */
  readonly missing: boolean
  /** Why it is missing, for skip messages; null when present. */
  readonly reason: string | null
  /** The group's title, with "(skipped: reason)" when missing, so the skip says why. */
  title(name: string): string
}

export const inCi = (): boolean => Boolean(process.env['CI'])

/**
 * Declares what a test file needs. `reason` is null (or empty) when the machine has it. When it
 * does not: in CI (CI set) a test named "has <need>" is registered that fails with the reason, as a
 * missing peer there is a broken runner; elsewhere a warning names what was skipped. Call it at a
 * file's top level (it may register a test there), then `describe.skipIf(peer.missing)`.
 */
export function requirePeer(need: string, reason: string | null | undefined): PeerRequirement {
  const why = reason ? reason : null
  if (why !== null) {
    if (inCi()) {
      describe(`${need} (missing on CI)`, () => {
        it(`has ${need}`, () => {
          expect.fail(`${need} is required in CI: ${why}. Add it to .ci/run.`)
        })
      })
    } else {
      console.warn(`tests skipped, ${need} missing: ${why}`)
    }
  }
  return {
    missing: why !== null,
    reason: why,
    title: (name) => (why === null ? name : `${name} (skipped: ${why})`),
  }
}
