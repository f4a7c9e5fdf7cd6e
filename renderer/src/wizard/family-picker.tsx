/**
 * The Device step's catalogue search: a search field and the matching families as one native
 * radio group in a box about as tall as the window allows (the list scrolls inside it).
 */
import { useEffect, useMemo, useRef, useState } from 'react'

import { CATALOG } from '../../../shared/catalog'
import { TextField } from '../components/text-field'
import { searchCatalog, type FamilyMatch } from '../domain/catalog-search'

/**
 * `open` false hides the picker (it stays in the page, search and scroll kept). `onPick` says
 * whether a pointer picked: a click closes the list, while arrow keys only move the pick.
 */
export function FamilyPicker({
  id,
  open,
  selectedId,
  onPick,
}: {
  id: string
  open: boolean
  selectedId: string | null
  onPick(m: FamilyMatch, byPointer: boolean): void
}) {
  const [query, setQuery] = useState('')
  const matches = useMemo(() => searchCatalog(CATALOG, query), [query])
  const boxRef = useRef<HTMLDivElement>(null)
  const byPointer = useRef(false)
  const listed = matches.length - 1

  // Each time the list opens, it shows the picked family, without scrolling the page itself.
  useEffect(() => {
    if (!open) return
    const box = boxRef.current
    const checked = box?.querySelector<HTMLElement>('input:checked')?.closest('label')
    if (box && checked) box.scrollTop = checked.offsetTop - box.offsetTop - 8
    // Only on opening: while searching, the list starts at the best match.
  }, [open])

  return (
    <div className="family-picker" id={id} hidden={!open}>
      <TextField
        label="Search the catalogue"
        type="search"
        value={query}
        onValueChange={setQuery}
        error={null}
        hint='Vendor, series or the model on the label, e.g. "Ricoh IM C3000" or "FutureSmart".'
        autoComplete="off"
        spellCheck={false}
      />
      <p className="family-picker__count" role="status">
        {query.trim() === ''
          ? `${listed} families in the catalogue`
          : listed === 0
            ? 'No family matches: pick "Generic SMTP device" below, or search for less.'
            : `${listed} ${listed === 1 ? 'family matches' : 'families match'}`}
      </p>
      <fieldset className="family-picker__fieldset">
        <legend className="sr-only">Model family</legend>
        <div
          className="family-picker__box"
          ref={boxRef}
          onPointerDown={() => (byPointer.current = true)}
          onKeyDown={() => (byPointer.current = false)}
        >
          {matches.map((m) => (
            <label
              key={m.family.id}
              className={`family-option${m.family.id === selectedId ? ' family-option--checked' : ''}`}
            >
              <input
                type="radio"
                name="family"
                value={m.family.id}
                checked={m.family.id === selectedId}
                onChange={() => onPick(m, byPointer.current)}
              />
              <span className="family-option__text">
                <span className="family-option__name">
                  <strong>
                    {m.family.vendor === 'generic' ? 'Not listed' : m.family.vendorName}
                  </strong>{' '}
                  {m.family.family}
                </span>
                <span className="family-option__models">
                  {m.model
                    ? `Matches ${m.model}`
                    : m.family.exampleModels.length > 0
                      ? `e.g. ${m.family.exampleModels.slice(0, 3).join(', ')}`
                      : 'Answer what it can do below'}
                </span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>
    </div>
  )
}
