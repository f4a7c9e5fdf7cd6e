/**
 * A hostile mDNS responder for DNS-SD tests, run inside the printer namespace of a test LAN
 * (dns-sd-lan.ts). To every query it answers, straight to the asker's port, with what a broken or
 * malicious device could send: garbage, a compression-pointer loop, a header claiming 65535
 * records, a truncated record, an instance name full of control and bidi-override characters with
 * an oversized TXT record, a flood of instances (20 to a message), and one well-formed printer.
 * The browser must skip the bad answers, count them, keep its caps, and still list the good
 * printer.
 *
 * Usage: node --import tsx hostile-mdns-responder.ts <bind-address> <flood-count> [<extra>]
 *
 * `extra`, JSON `{"name": "…", "ty": "<hex>"}`: one more printer, with this instance name and
 * these bytes as its TXT `ty` (make and model), e.g. for the display-safety tests.
 */
import { createSocket } from 'node:dgram'

import * as dnsPacket from 'dns-packet'

const [bindAddress = '0.0.0.0', floodArg = '0', extraArg] = process.argv.slice(2)
const flood = Number(floodArg)
// Flood instances per message: 20 PTR records keep a message under 1,200 bytes, one Ethernet
// frame without fragments.
const FLOOD_PER_MESSAGE = 20
const extra = extraArg ? (JSON.parse(extraArg) as { name: string; ty: string }) : null

function header(id: number, an: number): Buffer {
  const h = Buffer.alloc(12)
  h.writeUInt16BE(id, 0)
  h.writeUInt16BE(0x8400, 2) // response, authoritative
  h.writeUInt16BE(an, 6)
  return h
}

function answers(id: number): Buffer[] {
  const out: Buffer[] = []
  out.push(Buffer.from('this is not a DNS message at all'))
  // A record whose name is a pointer to itself (offset 12): a loop.
  out.push(Buffer.concat([header(id, 1), Buffer.from([0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 120, 0, 4])]))
  // Claims 65535 answers and carries none.
  out.push(Buffer.concat([header(id, 0xffff)]))
  // An A record whose data is cut short.
  out.push(
    Buffer.concat([
      header(id, 1),
      Buffer.from([4, 0x74, 0x65, 0x73, 0x74, 0, 0, 1, 0, 1, 0, 0, 0, 120, 0, 4, 10]),
    ]),
  )
  const evil = 'Evil\u202eFDP\u0007 Printer\u0000\u001b[31m'
  out.push(
    dnsPacket.encode({
      id,
      type: 'response',
      flags: dnsPacket.AUTHORITATIVE_ANSWER,
      answers: [
        { type: 'PTR', name: '_ipp._tcp.local', ttl: 120, data: `${evil}._ipp._tcp.local` },
        {
          type: 'TXT',
          name: `${evil}._ipp._tcp.local`,
          ttl: 120,
          data: [`ty=${'X'.repeat(250)}`, 'adminurl=javascript:alert(1)'],
        },
        {
          type: 'SRV',
          name: `${evil}._ipp._tcp.local`,
          ttl: 120,
          data: { port: 631, target: 'evil.local' },
        },
      ],
    }),
  )
  out.push(
    dnsPacket.encode({
      id,
      type: 'response',
      flags: dnsPacket.AUTHORITATIVE_ANSWER,
      answers: [
        { type: 'PTR', name: '_ipp._tcp.local', ttl: 4500, data: 'Good Printer._ipp._tcp.local' },
        {
          type: 'SRV',
          name: 'Good Printer._ipp._tcp.local',
          ttl: 120,
          data: { port: 631, target: 'good-printer.local' },
        },
        {
          type: 'TXT',
          name: 'Good Printer._ipp._tcp.local',
          ttl: 4500,
          data: ['txtvers=1', 'ty=Kyocera ECOSYS M3655idn', 'product=(ECOSYS M3655idn)'],
        },
        { type: 'A', name: 'good-printer.local', ttl: 120, data: bindAddress },
      ],
    }),
  )
  if (extra)
    out.push(
      dnsPacket.encode({
        id,
        type: 'response',
        flags: dnsPacket.AUTHORITATIVE_ANSWER,
        answers: [
          { type: 'PTR', name: '_ipp._tcp.local', ttl: 120, data: `${extra.name}._ipp._tcp.local` },
          {
            type: 'SRV',
            name: `${extra.name}._ipp._tcp.local`,
            ttl: 120,
            data: { port: 631, target: 'extra.local' },
          },
          {
            type: 'TXT',
            name: `${extra.name}._ipp._tcp.local`,
            ttl: 120,
            data: [Buffer.concat([Buffer.from('ty='), Buffer.from(extra.ty, 'hex')])],
          },
        ],
      }),
    )
  // The flood comes last, so the good printer is in before the cap is reached. Many instances to
  // a message, as a busy print server answers: one datagram per instance made a burst of ~300
  // that the kernel could queue on the browser's socket only while the browser kept reading
  // (about 250 fit in the default receive buffer); whenever it was not scheduled during the
  // burst the tail was dropped, and whether the cap was reached depended on the scheduler.
  for (let first = 0; first < flood; first += FLOOD_PER_MESSAGE) {
    const count = Math.min(FLOOD_PER_MESSAGE, flood - first)
    out.push(
      dnsPacket.encode({
        id,
        type: 'response',
        answers: Array.from({ length: count }, (_, k) => ({
          type: 'PTR' as const,
          name: '_ipp._tcp.local',
          ttl: 120,
          data: `Flood ${first + k}._ipp._tcp.local`,
        })),
      }),
    )
  }
  return out
}

const socket = createSocket({ type: 'udp4', reuseAddr: true })
socket.on('message', (msg, rinfo) => {
  let q
  try {
    q = dnsPacket.decode(msg)
  } catch {
    return
  }
  // Only the PTR browse for _ipp triggers the show, once per query.
  if (q.type !== 'query' || !q.questions?.some((x) => x.name === '_ipp._tcp.local')) return
  for (const a of answers(q.id ?? 0)) socket.send(a, rinfo.port, rinfo.address)
})
socket.bind(5353, () => {
  socket.addMembership('224.0.0.251', bindAddress)
  process.stdout.write('ready\n')
})
