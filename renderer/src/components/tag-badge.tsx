import type { Tag } from '../domain/detail-blocks'

/** A small label with its icon: the meaning is in the words, the colour only repeats it. */
export function TagBadge({ tag }: { tag: Tag }) {
  return (
    <span className={`tag tag--${tag.tone}`}>
      <span className="tag__icon" aria-hidden="true">
        {tag.icon}
      </span>
      <span className="tag__label">{tag.label}</span>
    </span>
  )
}
