import { afterEach, describe, expect, it } from 'vitest'

import { UNUSED_API } from '../../../helpers/unused-api'

import type { ScanpathGlobal } from '../../../../renderer/src/env'
import { bridgeMissingError } from '../../../../renderer/src/api'
import { useAppStore } from '../../../../renderer/src/store'
import type { ScanpathApi } from '../../../../shared/api'
import { err, ok } from '../../../../shared/result'
import type { MenuCommand } from '../../../../shared/support-types'

const store = () => useAppStore.getState()
const install = (api: Partial<ScanpathApi>) => {
  ;(globalThis as ScanpathGlobal).scanpath = { ...UNUSED_API, ...api }
}

afterEach(() => {
  store().reset()
  delete (globalThis as ScanpathGlobal).scanpath
})

describe('desktop slice', () => {
  it('asks main to write the clipboard and to open a page, and passes on its refusal', async () => {
    const copied: string[] = []
    const opened: string[] = []
    install({
      copyText: async ({ text }) => (copied.push(text), ok({ copied: true })),
      openExternal: async ({ url }) => (
        opened.push(url),
        url.startsWith('https://check.') ? ok({ opened: true }) : err('internal', 'not allowed')
      ),
    })
    expect(store().desktop.hasBridge()).toBe(true)
    expect(await store().desktop.copyText('v=spf1 -all')).toBeNull()
    expect(await store().desktop.openInBrowser('https://check.spamhaus.org/')).toBeNull()
    expect(await store().desktop.openInBrowser('https://example.com/')).toEqual({
      code: 'internal',
      message: 'not allowed',
    })
    expect(copied).toEqual(['v=spf1 -all'])
    expect(opened).toEqual(['https://check.spamhaus.org/', 'https://example.com/'])
  })

  it('says the bridge is missing instead of calling it', async () => {
    expect(store().desktop.hasBridge()).toBe(false)
    expect(await store().desktop.copyText('x')).toBe(bridgeMissingError)
    expect(await store().desktop.openInBrowser('https://check.spamhaus.org/')).toBe(
      bridgeMissingError,
    )
    store().desktop.followMenuCommands()()
  })

  it("follows the app menu's commands while held, and stops when released", () => {
    let send: ((e: { command: MenuCommand }) => void) | null = null
    install({
      onMenuCommand: (listener) => {
        send = listener
        return () => (send = null)
      },
    })
    const release = store().desktop.followMenuCommands()
    send!({ command: 'about' })
    expect(store().wizard.view.kind).toBe('about')
    send!({ command: 'settings' })
    expect(store().wizard.view.kind).toBe('settings')
    release()
    expect(send).toBeNull()
  })
})
