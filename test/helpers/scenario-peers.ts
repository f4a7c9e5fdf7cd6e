/**
 * The usual setup of a probe test: a test PKI (its CA file removed after all tests), probe deps
 * that resolve every name to 127.0.0.1 and trust the test CA, and scripted SMTP servers that are
 * closed after each test.
 */
import { afterAll, afterEach, beforeAll } from 'vitest'

import type { ProbeDeps } from '../../electron/probes/probe-deps'
import {
  startScenarioServer,
  type ScenarioName,
  type ScenarioServer,
  type ScenarioServerOptions,
} from './scenario-smtp-server'
import { createTestPki, disposeTestPki, type TestPki } from './test-pki'

export interface ScenarioPeers {
  readonly pki: TestPki
  readonly deps: ProbeDeps
  serve(scenario: ScenarioName, extra?: Partial<ScenarioServerOptions>): Promise<ScenarioServer>
}

export function useScenarioPeers(): ScenarioPeers {
  let pki: TestPki | undefined
  let deps: ProbeDeps | undefined
  const servers: ScenarioServer[] = []
  const closeAll = async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()))
  }
  beforeAll(async () => {
    pki = await createTestPki()
    deps = { lookup: async () => [{ address: '127.0.0.1', family: 4 }], extraCa: [pki.ca.cert] }
  })
  afterEach(closeAll)
  afterAll(async () => {
    await closeAll()
    await disposeTestPki()
  })
  const ready = <T>(v: T | undefined): T => {
    if (v === undefined) throw new Error('useScenarioPeers: used before beforeAll ran')
    return v
  }
  return {
    get pki() {
      return ready(pki)
    },
    get deps() {
      return ready(deps)
    },
    async serve(scenario, extra = {}) {
      const s = await startScenarioServer({ scenario, pki: ready(pki), ...extra })
      servers.push(s)
      return s
    },
  }
}
