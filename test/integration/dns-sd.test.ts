/**
 * DNS-SD printer listing against real peers on a LAN made of network namespaces: Avahi as the
 * mDNS responder and CUPS's ippeveprinter registering `_ipp._tcp` through it, as a printer does
 * on a customer's network. The browser runs on the "laptop" side; nothing leaves the namespaces.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { CATALOG } from '../../shared/catalog'
import type { DnsSdBrowseResult, PrinterIdentity } from '../../shared/discovery-types'
import { dnsSdSupport, startDnsSdLan, type DnsSdLan } from '../helpers/dns-sd-lan'
import { announceTwoPrinters } from '../helpers/lan-printers'
import { requirePeer } from '../helpers/require-peer'

// The same check startDnsSdLan makes: skip only where setup could not work.
const support = await dnsSdSupport()
const lan = requirePeer(
  'network namespaces, avahi-daemon, ippeveprinter, dbus-daemon and private mounts',
  support.ok ? null : support.reason,
)

const BIN = resolve('bin/scanpath.cjs')

function familyOf(exampleModel: string): string {
  const f = CATALOG.find((x) => x.exampleModels.includes(exampleModel))
  if (!f) throw new Error(`no catalogue family lists ${exampleModel}`)
  return f.id
}

describe.skipIf(lan.missing)(lan.title('DNS-SD printer listing'), () => {
  describe('a network with two printers announced by Avahi', () => {
    let dir: string
    let lan: DnsSdLan
    let browse: DnsSdBrowseResult

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'scanpath-dnssd-'))
      lan = await startDnsSdLan(dir, { avahi: true })
      await announceTwoPrinters(lan)
      browse = await lan.onLaptop<DnsSdBrowseResult>({ mode: 'browse', timeoutMs: 2500 })
    }, 90_000)

    afterAll(async () => {
      await lan?.close()
      rmSync(dir, { recursive: true, force: true })
    })

    it('lists both printers with make and model, services and the closest catalogue family', () => {
      expect(browse.askedOn).toEqual([lan.laptopAddress])
      expect(browse.problems).toEqual([])
      expect(browse.printers.map((p) => p.name)).toEqual([
        'Brother MFC-L8900CDW series',
        'HP LaserJet Pro MFP M428fdw',
      ])
      const [brother, hp] = browse.printers
      expect(hp).toMatchObject({
        makeAndModel: 'HP LaserJet Pro MFP M428fdw',
        host: `${lan.avahiHostName}.local`,
        addresses: [lan.printerAddress],
        answeredFrom: lan.printerAddress,
        askedOn: lan.laptopAddress,
      })
      // ippeveprinter registers _ipp (and _ipps when it has TLS) and a port-0 _printer, which
      // means "no LPD" and must not be listed as a service.
      expect(hp!.services).toContainEqual({ service: 'ipp', port: 8631 })
      expect(hp!.services.some((s) => s.service === 'printer')).toBe(false)
      expect(hp!.adminUrl).toMatch(/^https?:\/\/.+:8631\//)
      expect(hp!.catalogMatches[0]?.familyId).toBe(familyOf('LaserJet Pro MFP M428fdw'))

      expect(brother).toMatchObject({
        makeAndModel: 'Brother MFC-L8900CDW series',
        host: `${lan.avahiHostName}.local`,
        addresses: [lan.printerAddress],
      })
      expect(brother!.services).toContainEqual({ service: 'ipp', port: 8632 })
      expect(brother!.catalogMatches[0]?.familyId).toBe(familyOf('MFC-L8900CDW'))
      expect(browse.summary).toBe(
        `2 printers answered on the network of ${lan.laptopAddress}. Pick the device you are setting up; ScanPath then asks it what it is.`,
      )
    })

    it('a listed printer is then identified over IPP at the address and port it announced', async () => {
      const hp = browse.printers.find((p) => p.name.startsWith('HP'))!
      const ipp = hp.services.find((s) => s.service === 'ipp')!
      const id = await lan.onLaptop<PrinterIdentity>({
        mode: 'identify',
        host: hp.addresses[0],
        ippPort: ipp.port,
      })
      expect(id.makeAndModel).toBe('HP LaserJet Pro MFP M428fdw')
      expect(id.catalogMatches[0]?.familyId).toBe(familyOf('LaserJet Pro MFP M428fdw'))
    })

    it('asking only on another address finds nothing there and says why', async () => {
      const r = await lan.onLaptop<DnsSdBrowseResult>({
        mode: 'browse',
        timeoutMs: 800,
        interfaces: ['127.0.0.1'],
      })
      expect(r.printers).toEqual([])
      expect(r.summary).toMatch(
        /^No printer answered on the network of 127\.0\.0\.1\. .*enter its IP address/,
      )
    })

    it('scanpath discover prints the list and exits 0; --json carries the same result', async () => {
      const text = await lan.execOnLaptop(process.execPath, [BIN, 'discover', '--timeout-s', '2'])
      expect(text.code).toBe(0)
      expect(text.stdout).toContain('2 printers answered')
      expect(text.stdout).toMatch(
        new RegExp(`${lan.printerAddress.replace(/\./g, '\\.')}\\s+HP LaserJet Pro MFP M428fdw`),
      )
      expect(text.stdout).toContain('Catalogue:      Brother')
      expect(text.stdout).toContain(
        `Next:           scanpath identify ${lan.printerAddress} --ipp-port 8631`,
      )
      const json = await lan.execOnLaptop(process.execPath, [
        BIN,
        'discover',
        '--timeout-s',
        '2',
        '--json',
        '--on',
        lan.laptopAddress,
      ])
      expect(json.code).toBe(0)
      const parsed = JSON.parse(json.stdout) as DnsSdBrowseResult
      expect(parsed.printers.map((p) => p.name).sort()).toEqual(
        browse.printers.map((p) => p.name).sort(),
      )
    })
  })

  describe('a network where nothing answers', () => {
    let dir: string
    let lan: DnsSdLan

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'scanpath-dnssd-quiet-'))
      lan = await startDnsSdLan(dir, { avahi: false })
    }, 60_000)

    afterAll(async () => {
      await lan?.close()
      rmSync(dir, { recursive: true, force: true })
    })

    it('returns an empty list after the listening time, with what to do instead', async () => {
      const r = await lan.onLaptop<DnsSdBrowseResult>({ mode: 'browse', timeoutMs: 1000 })
      expect(r.printers).toEqual([])
      expect(r.durationMs).toBeGreaterThanOrEqual(1000)
      expect(r.durationMs).toBeLessThan(5000)
      expect(r.summary).toContain('No printer answered')
      expect(r.summary).toContain('Bonjour/mDNS turned off')
    })

    it('scanpath discover exits 1 when no printer answered, 2 on a bad --on', async () => {
      const none = await lan.execOnLaptop(process.execPath, [BIN, 'discover', '--timeout-s', '1'])
      expect(none.code).toBe(1)
      expect(none.stdout).toContain('No printer answered')
      const bad = await lan.execOnLaptop(process.execPath, [BIN, 'discover', '--on', 'eth0'])
      expect(bad.code).toBe(2)
      expect(bad.stderr).toContain(`--on "eth0": give this laptop's IPv4 address`)
    })
  })

  describe('a hostile responder', () => {
    let dir: string
    let lan: DnsSdLan

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'scanpath-dnssd-hostile-'))
      lan = await startDnsSdLan(dir, { avahi: false })
      await lan.startHostileResponder(300)
    }, 60_000)

    afterAll(async () => {
      await lan?.close()
      rmSync(dir, { recursive: true, force: true })
    })

    it('skips malformed answers, caps the flood, cleans names and still lists the good printer', async () => {
      const dropsBefore = await lan.laptopUdpDrops()
      const r = await lan.onLaptop<DnsSdBrowseResult>({ mode: 'browse', timeoutMs: 1500 })
      const dropped = (await lan.laptopUdpDrops()) - dropsBefore
      const good = r.printers.find((p) => p.name === 'Good Printer')
      expect(good).toMatchObject({
        makeAndModel: 'Kyocera ECOSYS M3655idn',
        product: 'ECOSYS M3655idn',
        host: 'good-printer.local',
        addresses: [lan.printerAddress],
        services: [{ service: 'ipp', port: 631 }],
      })
      expect(good!.catalogMatches[0]?.familyId).toMatch(/^kyocera/)

      const evil = r.printers.find((p) => p.name.startsWith('Evil'))
      expect(evil).toBeDefined()
      // The name is kept as announced (views show it escaped); long text is clipped.
      expect(evil!.name.startsWith('Evil\u202eFDP\u0007 Printer\u0000\u001b[31m')).toBe(true)
      expect(evil!.makeAndModel!.length).toBeLessThanOrEqual(200)
      expect(evil!.adminUrl).toBe('javascript:alert(1)') // kept as text; the UI never opens it
      // Nobody answers for evil.local's A record: the address that answered stands in.
      expect(evil).toMatchObject({ host: 'evil.local', addresses: [lan.printerAddress] })

      expect(r.printers.length).toBeLessThanOrEqual(256)
      expect(r.problems, `datagrams dropped by the kernel: ${dropped}`).toContain(
        'More than 256 services answered; the rest were ignored.',
      )
      expect(r.problems.some((p) => /^\d+ malformed mDNS answers were ignored\.$/.test(p))).toBe(
        true,
      )
      // What the caps were tested against is what the responder sent: the kernel dropped none
      // of it for want of buffer space (which would make the result depend on scheduling).
      expect(dropped).toBe(0)
    })
  })
})
