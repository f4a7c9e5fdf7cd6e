import { afterEach, describe, expect, it } from 'vitest'

import { UNUSED_API } from '../../../helpers/unused-api'

import type { ScanpathGlobal } from '../../../../renderer/src/env'
import { BRIDGE_MISSING_MESSAGE } from '../../../../renderer/src/api'
import { useAppStore } from '../../../../renderer/src/store'
import type { ScanpathApi } from '../../../../shared/api'
import type { DnsSdBrowseResult } from '../../../../shared/discovery-types'
import { err, ok, type Result } from '../../../../shared/result'

const store = () => useAppStore.getState()
const install = (api: Partial<ScanpathApi>) => {
  ;(globalThis as ScanpathGlobal).scanpath = { ...UNUSED_API, ...api }
}
const browsed: DnsSdBrowseResult = {
  printers: [],
  askedOn: ['192.0.2.1'],
  durationMs: 3000,
  problems: [],
  summary: 'No printer answered.',
}

afterEach(() => {
  store().reset()
  delete (globalThis as ScanpathGlobal).scanpath
})

describe('discovery slice', () => {
  it("lists the printers, and says main's refusal or a missing bridge in words", async () => {
    install({
      findPrinters: async (req) => (req.timeoutS === 3 ? ok(browsed) : err('internal', '?')),
    })
    await store().discovery.findPrinters()
    expect(store().discovery.search).toEqual({ kind: 'done', result: browsed })
    install({ identifyPrinter: async () => err('internal', 'Could not identify the device: nope') })
    await store().discovery.identify('192.0.2.10', 8631)
    expect(store().discovery.lookup).toEqual({
      kind: 'error',
      message: 'Could not identify the device: nope',
    })
    delete (globalThis as ScanpathGlobal).scanpath
    await store().discovery.findPrinters()
    expect(store().discovery.search).toEqual({ kind: 'error', message: BRIDGE_MISSING_MESSAGE })
  })

  it('forgets everything when the step is left, including an answer still on its way', async () => {
    let answer: (r: Result<DnsSdBrowseResult>) => void = () => {}
    install({ findPrinters: () => new Promise((resolve) => (answer = resolve)) })
    const searching = store().discovery.findPrinters()
    expect(store().discovery.search.kind).toBe('searching')
    store().discovery.leave()
    answer(ok(browsed))
    await searching
    expect(store().discovery.search).toEqual({ kind: 'idle' })
  })
})

describe('about slice', () => {
  it('loads the facts, copies the diagnostics and shows the log file', async () => {
    const shown: string[] = []
    install({
      about: async () =>
        err('internal', 'Could not read the app details: Not available here: support tools.'),
      copyDiagnostics: async () => ok({ copied: false, text: '# ScanPath diagnostics' }),
      showLogFile: async () => {
        shown.push('log')
        return ok({ shown: true as const })
      },
    })
    await store().about.load()
    expect(store().about.info).toEqual({
      kind: 'failed',
      message: 'Could not read the app details: Not available here: support tools.',
    })
    await store().about.copyDiagnostics()
    expect(store().about.diagnostics).toEqual({
      kind: 'done',
      copy: { copied: false, text: '# ScanPath diagnostics' },
    })
    await store().about.showLogFile()
    expect(shown).toEqual(['log'])
    expect(store().about.logProblem).toBeNull()
    store().about.leave()
    expect(store().about.diagnostics).toEqual({ kind: 'idle' })
  })
})
