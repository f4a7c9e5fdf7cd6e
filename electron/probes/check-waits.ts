/**
 * Starting every check of a run at once while letting a check wait for the results of others:
 * every check's promise is registered before any check runs, so a check can wait for one that is
 * planned after it.
 */
import { isCheck } from '../../shared/check-results'
import type { CheckResult } from '../../shared/probe-types'
import type { AwaitResult, CheckSpec } from './check-plan'

/**
 * Runs `settle` for every spec at once; each gets `result`, which waits for another check's
 * result (null when that check is not part of the run). Resolves with the results in plan order.
 */
export function settleAll(
  specs: readonly CheckSpec[],
  settle: (spec: CheckSpec, result: AwaitResult) => Promise<CheckResult>,
): Promise<CheckResult[]> {
  const settled = new Map<string, Promise<CheckResult>>()
  const result: AwaitResult = async (id) => {
    const pending = settled.get(id)
    if (!pending) return null
    const r = await pending
    return isCheck(r, id) ? r : null
  }
  const all = specs.map((spec) => {
    // Started on the next tick: by then every check's promise is registered.
    const p = Promise.resolve().then(() => settle(spec, result))
    settled.set(spec.id, p)
    return p
  })
  return Promise.all(all)
}
