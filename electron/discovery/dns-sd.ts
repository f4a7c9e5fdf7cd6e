/**
 * Lists printers on the laptop's local networks by DNS-SD over multicast DNS (RFC 6763, 6762).
 *
 * It sends one-shot queries from an ephemeral port ("legacy unicast", RFC 6762 §6.7): responders
 * answer straight to that port, so ScanPath neither needs port 5353 (which the OS's own mDNS
 * daemon holds) nor joins the multicast group. Questions go out on each local IPv4 network
 * separately (the socket's multicast interface), three times over the browse window for lossy
 * Wi-Fi, plus follow-up questions for SRV/TXT/A records an answer left out. Multicast DNS never
 * leaves the link: 224.0.0.251 is not routed.
 *
 * Everything in an answer is untrusted: malformed packets are skipped and counted, strings are
 * cleaned and clipped, and the number of packets, instances and addresses is capped.
 */
import { createSocket, type Socket } from 'node:dgram'
import { isIPv4 } from 'node:net'
import { networkInterfaces } from 'node:os'

import { matchCatalog } from '../../shared/catalog/match'
import type { DnsSdBrowseResult, DnsSdPrinter, DnsSdService } from '../../shared/discovery-types'
import {
  decodeMessage,
  encodeQuery,
  MdnsDecodeError,
  txtKeys,
  unescapeLabel,
  type MdnsQuestion,
  type MdnsRecord,
} from './mdns-message'

export const MDNS_GROUP = '224.0.0.251'
export const MDNS_PORT = 5353

const SERVICE_TYPES: Record<DnsSdService, string> = {
  ipp: '_ipp._tcp.local',
  ipps: '_ipps._tcp.local',
  'pdl-datastream': '_pdl-datastream._tcp.local',
  printer: '_printer._tcp.local',
}

const MAX_PACKETS = 2000
const MAX_INSTANCES = 256
const MAX_ADDRESSES_PER_HOST = 8
const MAX_TEXT = 200
const ROUNDS = 3
const FOLLOW_UP_DELAY_MS = 60
/** Follow-up questions per interface and round: a flood of names must not make us flood back. */
const MAX_FOLLOW_UPS_PER_ROUND = 64

export interface BrowseOptions {
  /** Local IPv4 addresses to ask on; default: every non-loopback IPv4 address of this machine. */
  interfaces?: string[]
  /** How long to listen for answers (default 3000 ms). */
  timeoutMs?: number
  /** Where to send the questions; tests may change the port, never needed in the field. */
  group?: string
  port?: number
  signal?: AbortSignal
}

type Interfaces = ReturnType<typeof networkInterfaces>

/** Non-loopback IPv4 addresses, one per network, in the OS's order. */
export function browseInterfaces(ifaces: Interfaces = networkInterfaces()): string[] {
  const out: string[] = []
  for (const list of Object.values(ifaces)) {
    for (const a of list ?? []) {
      if (a.family === 'IPv4' && !a.internal && !out.includes(a.address)) out.push(a.address)
    }
  }
  return out
}

/**
 * A name or TXT value as the printer announced it, clipped to MAX_TEXT code points. It is kept
 * exact (the JSON shows what was sent); every view makes it safe to show through
 * shared/display-text, so a control or bidi character is shown escaped, never obeyed.
 */
export function clipText(s: string): string {
  const chars = Array.from(s)
  return chars.length > MAX_TEXT ? `${chars.slice(0, MAX_TEXT - 1).join('')}…` : s
}

interface Instance {
  fqdn: string
  label: string
  service: DnsSdService
  srv?: { target: string; port: number }
  txt?: Map<string, string>
  answeredFrom: string
  askedOn: string
}

class BrowseState {
  readonly instances = new Map<string, Instance>()
  readonly hosts = new Map<string, string[]>()
  // Records that arrived before the PTR naming their instance.
  readonly pendingSrv = new Map<string, { target: string; port: number }>()
  readonly pendingTxt = new Map<string, Map<string, string>>()
  packets = 0
  malformed = 0
  ignoredInstances = 0

  add(records: readonly MdnsRecord[], from: string, askedOn: string): void {
    for (const rec of records) {
      const name = rec.name.toLowerCase()
      if (rec.type === 'PTR') this.addPtr(name, rec.target, from, askedOn)
      else if (rec.type === 'SRV') {
        const srv = { target: rec.target.toLowerCase(), port: rec.port }
        const inst = this.instances.get(name)
        if (inst) inst.srv = srv
        else if (this.pendingSrv.size < MAX_INSTANCES) this.pendingSrv.set(name, srv)
      } else if (rec.type === 'TXT') {
        const txt = txtKeys(rec.strings)
        const inst = this.instances.get(name)
        if (inst) inst.txt = txt
        else if (this.pendingTxt.size < MAX_INSTANCES) this.pendingTxt.set(name, txt)
      } else if (rec.type === 'A') {
        const list = this.hosts.get(name) ?? []
        if (!list.includes(rec.address) && list.length < MAX_ADDRESSES_PER_HOST)
          list.push(rec.address)
        if (this.hosts.size < MAX_INSTANCES || this.hosts.has(name)) this.hosts.set(name, list)
      }
    }
  }

  private addPtr(serviceName: string, target: string, from: string, askedOn: string): void {
    const service = (Object.keys(SERVICE_TYPES) as DnsSdService[]).find(
      (s) => SERVICE_TYPES[s] === serviceName,
    )
    if (!service) return
    const fqdn = target.toLowerCase()
    const suffix = `.${SERVICE_TYPES[service]}`
    // An instance name is one label in front of the service type; anything else is not ours.
    if (!fqdn.endsWith(suffix)) return
    const escaped = target.slice(0, target.length - suffix.length)
    if (escaped === '' || /(^|[^\\])\./.test(escaped)) return
    if (this.instances.has(fqdn)) return
    if (this.instances.size >= MAX_INSTANCES) {
      this.ignoredInstances++
      return
    }
    const inst: Instance = {
      fqdn,
      label: clipText(unescapeLabel(escaped)),
      service,
      answeredFrom: from,
      askedOn,
    }
    inst.srv = this.pendingSrv.get(fqdn)
    inst.txt = this.pendingTxt.get(fqdn)
    this.instances.set(fqdn, inst)
  }

  /** SRV/TXT for instances that have none yet, A for SRV targets without an address. */
  followUps(askedOn: string): MdnsQuestion[] {
    const qs: MdnsQuestion[] = []
    for (const inst of this.instances.values()) {
      if (inst.askedOn !== askedOn) continue
      if (!inst.srv) qs.push({ name: inst.fqdn, type: 'SRV' })
      if (!inst.txt) qs.push({ name: inst.fqdn, type: 'TXT' })
      if (inst.srv && !this.hosts.has(inst.srv.target))
        qs.push({ name: inst.srv.target, type: 'A' })
    }
    return qs
  }

  printers(): DnsSdPrinter[] {
    const byKey = new Map<string, DnsSdPrinter>()
    for (const inst of this.instances.values()) {
      const host = inst.srv?.target ?? null
      const fromA = host ? (this.hosts.get(host) ?? []) : []
      const addresses = fromA.length > 0 ? [...fromA] : [inst.answeredFrom]
      // One device advertises the same instance name under each of its services; two print
      // queues on one host (a print server) keep their own names, so both count.
      const key = `${inst.label.toLowerCase()}@${host ?? inst.answeredFrom}`
      let p = byKey.get(key)
      if (!p) {
        p = {
          name: inst.label,
          host: host ? clipText(host) : null,
          addresses,
          services: [],
          makeAndModel: null,
          product: null,
          adminUrl: null,
          answeredFrom: inst.answeredFrom,
          askedOn: inst.askedOn,
          catalogMatches: [],
        }
        byKey.set(key, p)
      }
      // Port 0 is how Bonjour Printing says "this protocol is not offered" (`_printer._tcp` is
      // registered with port 0 by IPP-only devices to claim the name).
      if (inst.srv?.port !== 0 && !p.services.some((s) => s.service === inst.service))
        p.services.push({ service: inst.service, port: inst.srv?.port ?? null })
      const txt = inst.txt
      if (txt) {
        const usb = [txt.get('usb_mfg'), txt.get('usb_mdl')].filter(Boolean).join(' ')
        p.makeAndModel ??= nonEmpty(txt.get('ty')) ?? nonEmpty(usb)
        p.product ??= nonEmpty(txt.get('product')?.replace(/^\((.*)\)$/, '$1'))
        p.adminUrl ??= nonEmpty(txt.get('adminurl'))
      }
    }
    const order: DnsSdService[] = ['ipp', 'ipps', 'pdl-datastream', 'printer']
    const printers = [...byKey.values()]
    for (const p of printers) {
      p.services.sort((a, b) => order.indexOf(a.service) - order.indexOf(b.service))
      const text = p.makeAndModel ?? p.product ?? p.name
      p.catalogMatches = matchCatalog(text)
      if (p.catalogMatches.length === 0 && text !== p.name) p.catalogMatches = matchCatalog(p.name)
    }
    return printers.sort((a, b) => a.name.localeCompare(b.name) || compareIp(a, b))
  }
}

function nonEmpty(s: string | undefined): string | null {
  if (s === undefined) return null
  const t = clipText(s)
  return t === '' ? null : t
}

function compareIp(a: DnsSdPrinter, b: DnsSdPrinter): number {
  const n = (ip: string) => ip.split('.').reduce((acc, o) => acc * 256 + Number(o), 0)
  return n(a.addresses[0] ?? '0.0.0.0') - n(b.addresses[0] ?? '0.0.0.0')
}

function summarize(r: Omit<DnsSdBrowseResult, 'summary'>): string {
  if (r.askedOn.length === 0 && r.problems.length > 0)
    return `Could not search the local networks: ${r.problems[0]} Enter the device’s IP address from its control panel instead.`
  if (r.askedOn.length === 0)
    return 'This laptop has no IPv4 network to search. Connect it to the device’s network (cable or Wi-Fi) and search again.'
  const where = `${r.askedOn.length === 1 ? 'network' : 'networks'} of ${r.askedOn.join(', ')}`
  if (r.printers.length === 0)
    return `No printer answered on the ${where}. The device may have Bonjour/mDNS turned off or be on another network (VLAN): enter its IP address from its control panel instead.`
  const n = r.printers.length
  return `${n} ${n === 1 ? 'printer' : 'printers'} answered on the ${where}. Pick the device you are setting up; ScanPath then asks it what it is.`
}

/** Browses for printers on every local IPv4 network (or the given ones) and returns what answered. */
export async function browsePrinters(opts: BrowseOptions = {}): Promise<DnsSdBrowseResult> {
  const started = Date.now()
  const timeoutMs = opts.timeoutMs ?? 3000
  const group = opts.group ?? MDNS_GROUP
  const port = opts.port ?? MDNS_PORT
  const askedOn = (opts.interfaces ?? browseInterfaces()).filter((a) => isIPv4(a))
  const problems: string[] = []
  const state = new BrowseState()
  const baseQuestions: MdnsQuestion[] = Object.values(SERVICE_TYPES).map((name) => ({
    name,
    type: 'PTR',
  }))

  const sockets: Array<{ socket: Socket; address: string }> = []
  const timers = new Set<NodeJS.Timeout>()
  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t)
      fn()
    }, ms)
    timers.add(t)
  }
  let queryId = Math.floor(Math.random() * 0xffff)

  const send = (entry: { socket: Socket; address: string }, questions: MdnsQuestion[]) => {
    // One question per message: a legacy-unicast answer must fit in 512 bytes, and responders
    // (avahi among them) drop what does not fit without setting the truncation bit, so a query
    // for four services at once came back with only two.
    for (const q of questions) {
      let msg: Buffer
      try {
        msg = encodeQuery(queryId++ & 0xffff, [q])
      } catch {
        continue // a name from an answer that cannot be asked back (over-long label): skip it
      }
      entry.socket.send(msg, port, group, (e) => {
        if (e) problems.push(`Could not send the question on ${entry.address}: ${e.message}.`)
      })
    }
  }

  const pendingFollowUp = new Set<string>()
  const asked = new Set<string>()
  const scheduleFollowUp = (entry: { socket: Socket; address: string }) => {
    if (pendingFollowUp.has(entry.address)) return
    pendingFollowUp.add(entry.address)
    later(FOLLOW_UP_DELAY_MS, () => {
      pendingFollowUp.delete(entry.address)
      // Each follow-up question once per round, so a device that never answers it is not flooded.
      const askedHere = [...asked].filter((k) => k.startsWith(`${entry.address} `)).length
      const qs = state
        .followUps(entry.address)
        .filter((q) => !asked.has(`${entry.address} ${q.type} ${q.name}`))
        .slice(0, Math.max(0, MAX_FOLLOW_UPS_PER_ROUND - askedHere))
      for (const q of qs) asked.add(`${entry.address} ${q.type} ${q.name}`)
      if (qs.length > 0) send(entry, qs)
    })
  }

  await Promise.all(
    askedOn.map(
      (address) =>
        new Promise<void>((resolve) => {
          const socket = createSocket({ type: 'udp4' })
          const entry = { socket, address }
          socket.on('error', (e) => {
            problems.push(`Could not search on ${address}: ${e.message}.`)
            socket.close()
            resolve()
          })
          socket.on('message', (msg, rinfo) => {
            if (state.packets >= MAX_PACKETS) return
            state.packets++
            let decoded
            try {
              decoded = decodeMessage(msg)
            } catch (e) {
              // Anything a hostile or broken responder sends is counted and skipped, never thrown.
              state.malformed++
              if (!(e instanceof MdnsDecodeError))
                problems.push(`Unexpected mDNS answer: ${(e as Error).message}.`)
              return
            }
            if (!decoded.isResponse) return
            state.add(decoded.records, rinfo.address, address)
            scheduleFollowUp(entry)
          })
          socket.bind(0, address, () => {
            try {
              socket.setMulticastInterface(address)
              socket.setMulticastTTL(255)
            } catch (e) {
              problems.push(`Could not search on ${address}: ${(e as Error).message}.`)
              socket.close()
              resolve()
              return
            }
            sockets.push(entry)
            resolve()
          })
        }),
    ),
  )

  for (let round = 0; round < ROUNDS; round++) {
    later(Math.floor((round * timeoutMs) / (ROUNDS + 0.5)), () => {
      asked.clear()
      for (const entry of sockets)
        send(entry, [
          ...baseQuestions,
          ...state.followUps(entry.address).slice(0, MAX_FOLLOW_UPS_PER_ROUND),
        ])
    })
  }

  await new Promise<void>((resolve) => {
    const done = () => {
      opts.signal?.removeEventListener('abort', done)
      resolve()
    }
    later(timeoutMs, done)
    if (opts.signal?.aborted) done()
    else opts.signal?.addEventListener('abort', done, { once: true })
  })
  for (const t of timers) clearTimeout(t)
  for (const { socket } of sockets) socket.close()

  if (state.malformed > 0)
    problems.push(
      `${state.malformed} malformed mDNS ${state.malformed === 1 ? 'answer was' : 'answers were'} ignored.`,
    )
  if (state.ignoredInstances > 0)
    problems.push(`More than ${MAX_INSTANCES} services answered; the rest were ignored.`)
  const partial = {
    printers: state.printers(),
    askedOn: sockets.map((s) => s.address),
    durationMs: Date.now() - started,
    problems,
  }
  return { ...partial, summary: summarize(partial) }
}
