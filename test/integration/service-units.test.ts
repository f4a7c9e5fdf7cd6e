/**
 * The relay's systemd unit (build/linux/scanpath-relay.service): the hardening it promises, read
 * from the file, then checked by systemd's own tools (`systemd-analyze verify` and the offline
 * `systemd-analyze security` score) when the machine has them.
 */
import { spawnSync } from 'node:child_process'
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { requirePeer } from '../helpers/require-peer'

const UNIT = join(__dirname, '..', '..', 'build', 'linux', 'scanpath-relay.service')

type Unit = Map<string, Map<string, string[]>>

/** systemd's unit syntax, enough for this file: sections, repeated keys, comments. */
function parseUnit(text: string): Unit {
  const unit: Unit = new Map()
  let section: Map<string, string[]> | undefined
  for (const [n, raw] of text.split('\n').entries()) {
    const line = raw.trim()
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue
    const header = /^\[([A-Za-z]+)\]$/.exec(line)
    if (header?.[1]) {
      section = new Map()
      unit.set(header[1], section)
      continue
    }
    const entry = /^([A-Za-z]+)=(.*)$/.exec(line)
    if (!section || !entry?.[1] || entry[2] === undefined) {
      throw new Error(`line ${n + 1} is not "Key=value" inside a section: ${raw}`)
    }
    section.set(entry[1], [...(section.get(entry[1]) ?? []), entry[2]])
  }
  return unit
}

let unit: Unit
const service = (key: string): string[] => unit.get('Service')?.get(key) ?? []
const one = (key: string): string | undefined => {
  const values = service(key)
  expect(values.length, `${key}= set once`).toBe(1)
  return values[0]
}

beforeAll(async () => {
  unit = parseUnit(await readFile(UNIT, 'utf8'))
})

describe('scanpath-relay.service', () => {
  it('runs `scanpath relay` with the configuration from its own configuration directory', () => {
    expect(one('ExecStart')).toBe('/usr/bin/scanpath relay --config /etc/scanpath-relay/relay.json')
    expect(one('ConfigurationDirectory')).toBe('scanpath-relay')
    expect(one('Restart')).toBe('on-failure')
    expect(unit.get('Install')?.get('WantedBy')).toEqual(['multi-user.target'])
    expect(unit.get('Unit')?.get('After')).toEqual(['network-online.target'])
  })

  it('runs as its own unprivileged user with a private state directory', () => {
    expect(one('DynamicUser')).toBe('yes')
    expect(service('User'), 'no fixed user (root or another service)').toEqual([])
    expect(one('StateDirectory')).toBe('scanpath-relay')
    expect(one('StateDirectoryMode')).toBe('0700')
    expect(one('UMask')).toBe('0077')
  })

  it('gets the key file as a credential, from beside the configuration', () => {
    expect(one('LoadCredential')).toBe('relay-key:/etc/scanpath-relay/relay.key')
  })

  it('sees a read-only system, no home folders, its own /tmp and no new privileges', () => {
    expect(one('ProtectSystem')).toBe('strict')
    expect(one('ProtectHome')).toBe('yes')
    expect(one('PrivateTmp')).toBe('yes')
    expect(one('PrivateDevices')).toBe('yes')
    expect(one('NoNewPrivileges')).toBe('yes')
    expect(one('RestrictSUIDSGID')).toBe('yes')
    expect(service('ReadWritePaths'), 'no writable path besides the state directory').toEqual([])
  })

  it('may bind port 25 and nothing more: one capability, network families only', () => {
    expect(one('CapabilityBoundingSet')).toBe('CAP_NET_BIND_SERVICE')
    expect(one('AmbientCapabilities')).toBe('CAP_NET_BIND_SERVICE')
    const families = (one('RestrictAddressFamilies') ?? '').split(/\s+/)
    expect(families).toEqual(expect.arrayContaining(['AF_INET', 'AF_INET6']))
    expect(families.filter((f) => !['AF_INET', 'AF_INET6', 'AF_UNIX'].includes(f))).toEqual([])
    expect(service('SystemCallFilter')).toEqual(['@system-service', '~@privileged'])
    expect(one('SystemCallErrorNumber'), 'a refused call fails, it does not kill').toBe('EPERM')
    // V8 compiles at run time: MemoryDenyWriteExecute=yes would kill the relay at start.
    expect(service('MemoryDenyWriteExecute')).toEqual([])
  })
})

function systemdAnalyzeMissing(): string | null {
  if (process.platform !== 'linux') return 'systemd is Linux'
  const probe = spawnSync('systemd-analyze', ['--version'], { encoding: 'utf8' })
  if (probe.error) return `systemd-analyze not found (apt install systemd): ${probe.error.message}`
  const version = Number(/systemd (\d+)/.exec(probe.stdout)?.[1] ?? 0)
  return version >= 250 ? null : `systemd ${version} has no offline security score (needs 250)`
}
const analyze = requirePeer('systemd-analyze (systemd 250 or later)', systemdAnalyzeMissing())

describe.skipIf(analyze.missing)(analyze.title("systemd's own checks of the unit"), () => {
  let dir: string
  /** The unit with ExecStart pointing at a stand-in executable (verify wants it to exist). */
  const copyOfUnit = async (edit: (text: string) => string = (t) => t): Promise<string> => {
    const text = (await readFile(UNIT, 'utf8')).replace(
      /^ExecStart=\/usr\/bin\/scanpath /m,
      `ExecStart=${join(dir, 'scanpath')} `,
    )
    const file = join(dir, 'scanpath-relay.service')
    await writeFile(file, edit(text))
    return file
  }
  const verify = (file: string) =>
    spawnSync('systemd-analyze', ['verify', '--man=no', file], { encoding: 'utf8' })

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'scanpath-unit-'))
    await writeFile(join(dir, 'scanpath'), '#!/bin/sh\nexit 0\n')
    await chmod(join(dir, 'scanpath'), 0o755)
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('passes `systemd-analyze verify` with no warning', async () => {
    const result = verify(await copyOfUnit())
    expect(result.status, result.stderr).toBe(0)
    expect(result.stderr.split('\n').filter((l) => l.includes('scanpath-relay'))).toEqual([])
  })

  it('would report a mistyped value (the check above can fail)', async () => {
    const broken = await copyOfUnit((t) =>
      t.replace('ProtectSystem=strict', 'ProtectSystem=strickt'),
    )
    expect(verify(broken).stderr).toMatch(/Failed to parse protect system value/)
  })

  it('scores "OK" (2.0 or lower) on systemd\'s exposure scale', async () => {
    const file = await copyOfUnit()
    const result = spawnSync(
      'systemd-analyze',
      ['security', '--offline=yes', '--threshold=20', '--no-pager', file],
      { encoding: 'utf8' },
    )
    const level = /Overall exposure level for [^:]+: ([\d.]+) (\w+)/.exec(result.stdout)
    expect(level, result.stdout + result.stderr).not.toBeNull()
    expect(Number(level?.[1])).toBeLessThanOrEqual(2)
    expect(level?.[2]).toBe('OK')
    expect(result.status, 'exit code with --threshold=20').toBe(0)
  })
})
