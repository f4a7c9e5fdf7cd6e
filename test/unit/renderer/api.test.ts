import { afterEach, describe, expect, it } from 'vitest'

import { bridgeMissingError, openExternalUrl } from '../../../renderer/src/api'
import type { ScanpathGlobal } from '../../../renderer/src/env'
import type { ScanpathApi } from '../../../shared/api'
import { err, ok, type Result } from '../../../shared/result'

function installOpenExternal(impl: ScanpathApi['openExternal']): string[] {
  const asked: string[] = []
  ;(globalThis as ScanpathGlobal).scanpath = {
    openExternal: (req) => {
      asked.push(req.url)
      return impl(req)
    },
  } as ScanpathApi
  return asked
}

describe('openExternalUrl', () => {
  afterEach(() => {
    delete (globalThis as ScanpathGlobal).scanpath
  })

  it('hands the address to the bridge and reports success as no error', async () => {
    const asked = installOpenExternal(async () => ok({ opened: true }))
    expect(await openExternalUrl('https://check.spamhaus.org/')).toBeNull()
    expect(asked).toEqual(['https://check.spamhaus.org/'])
  })

  it("returns main's refusal, a broken transport's message, or the missing bridge", async () => {
    const refused: Result<{ opened: boolean }> = err('internal', 'link not opened: not allowed')
    installOpenExternal(async () => refused)
    expect(await openExternalUrl('https://example.com/')).toEqual(refused.ok ? null : refused.error)
    installOpenExternal(async () => Promise.reject(new Error('socket closed')))
    expect(await openExternalUrl('https://example.com/')).toEqual({
      code: 'internal',
      message: 'socket closed',
    })
    delete (globalThis as ScanpathGlobal).scanpath
    expect(await openExternalUrl('https://example.com/')).toBe(bridgeMissingError)
  })
})
