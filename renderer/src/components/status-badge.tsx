import { STATUS_META, type BadgeStatus } from '../domain/status-meta'

export function StatusBadge({ status }: { status: BadgeStatus }) {
  const meta = STATUS_META[status]
  return (
    <span className={`status-badge ${meta.className}`}>
      <span className="status-badge__icon" aria-hidden="true">
        {meta.icon}
      </span>
      <span className="status-badge__label">{meta.label}</span>
    </span>
  )
}
