import { CATALOG } from '../../../shared/catalog'
import type { DnsSdPrinter } from '../../../shared/discovery-types'
import { displayText } from '../../../shared/display-text'
import { useAppStore } from '../store'
import { FIND_PRINTERS_LISTEN_S as LISTEN_S } from '../store/discovery-slice'

function familyName(p: DnsSdPrinter): string | null {
  const top = p.catalogMatches[0]
  const f = top ? CATALOG.find((x) => x.id === top.familyId) : undefined
  return f ? `${f.vendorName} ${f.family}` : null
}

/**
 * "Find printers on this network": a DNS-SD (Bonjour) browse from main, listed so the
 * technician can tap the device instead of reading its IP address off the panel. Picking one
 * fills the address and asks the device what it is; nothing else is chosen for them.
 */
export function FindPrinters({ onPick }: { onPick(printer: DnsSdPrinter): void }) {
  const search = useAppStore((s) => s.discovery.search)
  const find = useAppStore((s) => s.discovery.findPrinters)

  return (
    <>
      <button
        type="button"
        className="button button--secondary"
        disabled={search.kind === 'searching'}
        onClick={() => void find()}
      >
        {search.kind === 'searching'
          ? `Listening for printers (${LISTEN_S} s)…`
          : 'Find printers on this network'}
      </button>
      {search.kind === 'error' ? (
        <p className="note note--fail found-printers__note" role="alert">
          {displayText(search.message)}
        </p>
      ) : null}
      {search.kind === 'done' ? (
        <div className="found-printers">
          <p className={`note ${search.result.printers.length > 0 ? '' : 'note--warn'}`}>
            {displayText(search.result.summary)}
          </p>
          {search.result.printers.length > 0 ? (
            <ul className="found-printers__list" aria-label="Printers on this network">
              {search.result.printers.map((p) => {
                const family = familyName(p)
                const services = p.services
                  .map((s) =>
                    s.port === null
                      ? s.service.toUpperCase()
                      : `${s.service.toUpperCase()} ${s.port}`,
                  )
                  .join(', ')
                return (
                  <li key={`${p.name}@${p.addresses[0] ?? p.answeredFrom}`}>
                    <button
                      type="button"
                      className="found-printer"
                      onClick={() => onPick(p)}
                      disabled={p.addresses.length === 0}
                    >
                      {/* Names and models are what the devices announced. */}
                      <span className="found-printer__name">{displayText(p.name)}</span>
                      <span className="found-printer__detail">
                        {p.addresses.join(', ')}
                        {p.makeAndModel && p.makeAndModel !== p.name
                          ? ` · ${displayText(p.makeAndModel)}`
                          : ''}
                      </span>
                      {services ? <span className="found-printer__detail">{services}</span> : null}
                      <span className="found-printer__detail">
                        {family ? `Catalogue: ${family}` : 'No catalogue family fits'}
                      </span>
                    </button>
                  </li>
                )
              })}
            </ul>
          ) : null}
          {search.result.problems.map((problem) => (
            <p key={problem} className="field__hint">
              {displayText(problem)}
            </p>
          ))}
        </div>
      ) : null}
    </>
  )
}
