/**
 * The chosen model family, summarised at the top of the Device step so it stays in view, with
 * the one control that opens the catalogue list to change it (and closes it again).
 */
import type { Ref } from 'react'

import type { PrinterFamily } from '../../../shared/catalog/types'

export function FamilyChoice({
  family,
  listOpen,
  listId,
  toggleRef,
  onToggle,
}: {
  family: PrinterFamily
  listOpen: boolean
  /** The id of the list the button opens and closes. */
  listId: string
  toggleRef: Ref<HTMLButtonElement>
  onToggle(): void
}) {
  const generic = family.vendor === 'generic'
  return (
    <div className="family-choice" data-family={family.id}>
      <p className="family-choice__text">
        <span className="family-choice__label">Model family</span>{' '}
        <span className="family-choice__name">
          {generic ? (
            'Not in the catalogue (generic SMTP device)'
          ) : (
            <>
              <strong>{family.vendorName}</strong> {family.family}
            </>
          )}
        </span>
      </p>
      <button
        type="button"
        className="button button--secondary button--small family-choice__toggle"
        aria-expanded={listOpen}
        aria-controls={listId}
        ref={toggleRef}
        onClick={onToggle}
      >
        {listOpen ? 'Close the list' : 'Change'}
        <span className="sr-only"> the model family</span>
      </button>
    </div>
  )
}
