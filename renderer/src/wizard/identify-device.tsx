import { useEffect } from 'react'

import { CATALOG } from '../../../shared/catalog'
import type { PrinterFamily } from '../../../shared/catalog/types'
import type { PrinterIdentity } from '../../../shared/discovery-types'
import { displayText } from '../../../shared/display-text'
import { hostProblem } from '../../../shared/host-syntax'
import { useAppStore } from '../store'
import { FindPrinters } from './find-printers'

/**
 * Asks the device itself (IPP, then SNMP, from main) what it is, and offers the best catalogue
 * family. Nothing is picked without the technician's click: a match is a suggestion.
 */
export function IdentifyDevice({
  address,
  currentFamilyId,
  onUse,
  onAddress,
}: {
  address: string
  currentFamilyId: string | null
  onUse(family: PrinterFamily, identity: PrinterIdentity): void
  /** A printer picked from the DNS-SD list: its address goes into the address field. */
  onAddress(address: string): void
}) {
  const lookup = useAppStore((s) => s.discovery.lookup)
  const identify = useAppStore((s) => s.discovery.identify)
  const leave = useAppStore((s) => s.discovery.leave)
  // What was found belongs to this visit to the step.
  useEffect(() => leave, [leave])
  const host = address.trim()
  const problem = host === '' ? null : hostProblem(host)

  const ask = (target: string = host, ippPort?: number) => identify(target, ippPort)

  const best =
    lookup.kind === 'done' && lookup.identity.catalogMatches[0]
      ? (CATALOG.find((f) => f.id === lookup.identity.catalogMatches[0]!.familyId) ?? null)
      : null

  return (
    <div className="identify" aria-live="polite">
      <div className="identify__actions">
        <button
          type="button"
          className="button button--secondary"
          disabled={host === '' || problem !== null || lookup.kind === 'asking'}
          onClick={() => void ask()}
        >
          {lookup.kind === 'asking' ? 'Asking the device…' : 'Identify the device at this address'}
        </button>
        <FindPrinters
          onPick={(printer) => {
            const target = printer.addresses[0]
            if (!target) return
            onAddress(target)
            const ipp = printer.services.find((s) => s.service === 'ipp' && s.port !== null)
            void ask(target, ipp?.port ?? undefined)
          }}
        />
      </div>
      {host === '' ? (
        <p className="field__hint">
          Enter the device&apos;s address to ask it what it is (IPP and SNMP, from this laptop), or
          find it among the printers that announce themselves on this network.
        </p>
      ) : problem ? (
        <p className="field__hint">{problem}</p>
      ) : null}
      {lookup.kind === 'error' ? (
        <p className="note note--fail" role="alert">
          {displayText(lookup.message)}
        </p>
      ) : null}
      {lookup.kind === 'done' ? (
        <div className={`note ${best ? 'note--pass' : 'note--warn'} identify__result`}>
          {/* What the device reported, through the shared display function. */}
          <p>{displayText(lookup.identity.summary)}</p>
          {lookup.identity.firmware ? (
            <p>Firmware: {displayText(lookup.identity.firmware)}</p>
          ) : null}
          {best ? (
            best.id === currentFamilyId ? (
              <p>
                <strong>
                  {best.vendorName} {best.family}
                </strong>{' '}
                is the family picked.
              </p>
            ) : (
              <button
                type="button"
                className="button button--secondary"
                onClick={() => onUse(best, lookup.identity)}
              >
                Use {best.vendorName} {best.family}
              </button>
            )
          ) : (
            <p>
              Nothing in the catalogue fits: search for the model, or pick &quot;Not listed&quot;.
            </p>
          )}
        </div>
      ) : null}
    </div>
  )
}
