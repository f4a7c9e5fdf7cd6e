import { useId } from 'react'

import { assertNever } from '../../../shared/assert-never'
import { displayText } from '../../../shared/display-text'
import type { DetailBlock, DetailRow } from '../domain/detail-blocks'
import { CodeBlock } from './code-block'
import { DataTable } from './data-table'

function Facts({ rows }: { rows: DetailRow[] }) {
  return (
    <dl className="facts">
      {rows.map((r, i) => (
        <div className="facts__row" key={`${r.label}-${i}`}>
          <dt>{r.label}</dt>
          <dd>{displayText(r.value)}</dd>
        </div>
      ))}
    </dl>
  )
}

function ListBlock({ label, items }: { label: string; items: string[] }) {
  const id = useId()
  return (
    <div className="detail-list">
      <p className="detail-list__label" id={id}>
        {label}
      </p>
      <ul aria-labelledby={id}>
        {items.map((item, i) => (
          <li key={i}>{displayText(item)}</li>
        ))}
      </ul>
    </div>
  )
}

function Section({ heading, blocks }: { heading: string; blocks: DetailBlock[] }) {
  const id = useId()
  return (
    <section className="detail-section" aria-labelledby={id}>
      <h5 className="detail-section__heading" id={id}>
        {heading}
      </h5>
      {blocks.map((b, i) => (
        <DetailBlockView key={i} block={b} />
      ))}
    </section>
  )
}

/** One block of a check's Details panel. */
export function DetailBlockView({ block }: { block: DetailBlock }) {
  switch (block.kind) {
    case 'section':
      return <Section heading={block.heading} blocks={block.blocks} />
    case 'facts':
      return <Facts rows={block.rows} />
    case 'table':
      return <DataTable caption={block.caption} columns={block.columns} rows={block.rows} />
    case 'code':
      return <CodeBlock label={block.label} text={block.text} copyable={block.copyable} />
    case 'list':
      return <ListBlock label={block.label} items={block.items} />
    case 'note':
      return (
        <p className={`note note--${block.tag.tone}`}>
          <span className="note__label">
            <span aria-hidden="true">{block.tag.icon} </span>
            {block.tag.label}:
          </span>{' '}
          {displayText(block.text)}
        </p>
      )
    default:
      return assertNever(block, 'detail block')
  }
}
