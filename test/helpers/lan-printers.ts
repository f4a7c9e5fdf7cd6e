/**
 * The two printers the DNS-SD tests announce on their namespace LAN (dns-sd-lan.ts): an HP and a
 * Brother, each an ippeveprinter registered through Avahi, as printers do on a customer's network.
 */
import type { DnsSdLan } from './dns-sd-lan'

/** Announces the HP (IPP on port 8631), then the Brother (on 8632), by the names given here. */
export async function announceTwoPrinters(lan: DnsSdLan): Promise<void> {
  await lan.addIppPrinter({
    name: 'HP LaserJet Pro MFP M428fdw',
    make: 'HP',
    model: 'LaserJet Pro MFP M428fdw',
    port: 8631,
  })
  await lan.addIppPrinter({
    name: 'Brother MFC-L8900CDW series',
    make: 'Brother',
    model: 'MFC-L8900CDW series',
    port: 8632,
  })
}
