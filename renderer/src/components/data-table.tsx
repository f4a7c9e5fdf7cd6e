import { useId } from 'react'

import { assertNever } from '../../../shared/assert-never'
import { displayText } from '../../../shared/display-text'
import type { Cell } from '../domain/detail-blocks'
import { ExternalLinkButton } from './external-link-button'
import { TagBadge } from './tag-badge'

function CellView({ cell }: { cell: Cell }) {
  switch (cell.kind) {
    case 'text':
      return cell.mono ? (
        <span className="mono">{displayText(cell.text)}</span>
      ) : (
        <>{displayText(cell.text)}</>
      )
    case 'tag':
      return (
        <>
          <TagBadge tag={cell.tag} />
          {cell.text ? (
            <span className="data-table__tag-text mono">{displayText(cell.text)}</span>
          ) : null}
        </>
      )
    case 'link':
      return <ExternalLinkButton url={cell.url} label={cell.label} description={cell.description} />
    case 'none':
      return (
        <>
          <span aria-hidden="true">—</span>
          <span className="sr-only">none</span>
        </>
      )
    default:
      return assertNever(cell, 'table cell')
  }
}

interface DataTableProps {
  caption: string
  columns: string[]
  rows: Cell[][]
}

/** From this many columns a table is "wide": it turns into stacked rows sooner (see app.css). */
const WIDE_COLUMNS = 5

/**
 * A small table of facts. The first cell of each row names it (a row header). Where the Details
 * panel is too narrow for it, each row is stacked as "Column: value" lines (CSS container query;
 * `data-label` carries the column name) so nothing, like a removal button, hides off to the side.
 * The roles are explicit because changing `display` on table parts can drop their semantics.
 */
export function DataTable({ caption, columns, rows }: DataTableProps) {
  const captionId = useId()
  const wide = columns.length >= WIDE_COLUMNS
  return (
    <div
      className={`data-table${wide ? ' data-table--wide' : ''}`}
      role="region"
      aria-labelledby={captionId}
      tabIndex={0}
    >
      <table role="table">
        <caption id={captionId}>{caption}</caption>
        <thead role="rowgroup">
          <tr role="row">
            {columns.map((c) => (
              <th key={c} scope="col" role="columnheader">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody role="rowgroup">
          {rows.map((row, r) => (
            <tr key={r} role="row">
              {row.map((cell, c) =>
                c === 0 ? (
                  <th key={c} scope="row" role="rowheader" data-label={columns[c]}>
                    <CellView cell={cell} />
                  </th>
                ) : (
                  <td key={c} role="cell" data-label={columns[c]}>
                    <CellView cell={cell} />
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
