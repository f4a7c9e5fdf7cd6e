/** The app menu's shape per platform and build, and that each command reaches its action. */
import type { MenuItemConstructorOptions } from 'electron'
import { describe, expect, it } from 'vitest'

import { buildMenuTemplate, HELP_URL } from '../../../electron/menu'
import { checkExternalUrl } from '../../../shared/external-url'

function recorder() {
  const calls: string[] = []
  return {
    calls,
    actions: {
      send: (c: string) => calls.push(`send:${c}`),
      copyDiagnostics: () => calls.push('copy-diagnostics'),
      showLogFile: () => calls.push('show-log'),
      openHelp: (url: string) => calls.push(`help:${url}`),
    },
  }
}

function items(menu: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return menu.flatMap((m) => [m, ...items((m.submenu as MenuItemConstructorOptions[]) ?? [])])
}

function find(menu: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions {
  const hit = items(menu).find((m) => m.label === label)
  if (!hit) throw new Error(`no menu item ${label}`)
  return hit
}

const click = (item: MenuItemConstructorOptions) => (item.click as unknown as () => void)()

describe('buildMenuTemplate', () => {
  it('Windows/Linux: File, Edit, View, Help; every command reaches its action', () => {
    const r = recorder()
    const menu = buildMenuTemplate({
      platform: 'win32',
      packaged: true,
      appName: 'ScanPath',
      actions: r.actions,
    })
    expect(menu.map((m) => m.label)).toEqual(['&File', '&Edit', '&View', '&Help'])
    for (const label of [
      'New Job',
      'All Jobs',
      'Outbox',
      'Settings',
      'About ScanPath',
      'Copy Diagnostics',
      'Show Log File',
    ])
      click(find(menu, label))
    click(find(menu, 'Microsoft 365: Set Up a Device to Send Email'))
    expect(r.calls).toEqual([
      'send:new-job',
      'send:all-jobs',
      'send:outbox',
      'send:settings',
      'send:about',
      'copy-diagnostics',
      'show-log',
      `help:${HELP_URL}`,
    ])
    // The help page is one the app may open at all.
    expect(checkExternalUrl(HELP_URL).ok).toBe(true)
    expect(items(menu).some((m) => m.role === 'quit')).toBe(true)
  })

  it('has the Edit roles text fields need, and no developer tools in a packaged build', () => {
    const packaged = items(
      buildMenuTemplate({
        platform: 'linux',
        packaged: true,
        appName: 'ScanPath',
        actions: recorder().actions,
      }),
    )
    for (const role of ['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll'])
      expect(packaged.some((m) => m.role === role)).toBe(true)
    expect(
      packaged.some(
        (m) => m.role === 'toggleDevTools' || m.role === 'reload' || m.role === 'forceReload',
      ),
    ).toBe(false)
    const dev = items(
      buildMenuTemplate({
        platform: 'linux',
        packaged: false,
        appName: 'ScanPath',
        actions: recorder().actions,
      }),
    )
    expect(dev.some((m) => m.role === 'toggleDevTools')).toBe(true)
  })

  it('macOS: the app menu comes first with About and Settings; File has no Quit', () => {
    const r = recorder()
    const menu = buildMenuTemplate({
      platform: 'darwin',
      packaged: true,
      appName: 'ScanPath',
      actions: r.actions,
    })
    expect(menu[0]!.label).toBe('ScanPath')
    const appItems = menu[0]!.submenu as MenuItemConstructorOptions[]
    expect(appItems[0]!.label).toBe('About ScanPath')
    expect(appItems.some((m) => m.role === 'quit')).toBe(true)
    const file = menu.find((m) => m.label === '&File')!.submenu as MenuItemConstructorOptions[]
    expect(file.some((m) => m.role === 'quit')).toBe(false)
    click(find(menu, 'Settings…'))
    expect(r.calls).toEqual(['send:settings'])
  })
})
