import { useEffect } from 'react'

import { useAppStore } from '../store'

/**
 * "Online" / "Offline — working from the checklist", in words and an icon (never colour alone).
 * Polls main while mounted; nothing in the app waits for it.
 */
export function OnlineIndicator() {
  const online = useAppStore((s) => s.appStatus.online)
  const watchOnline = useAppStore((s) => s.appStatus.watchOnline)
  useEffect(() => watchOnline(), [watchOnline])
  if (online.kind === 'unknown') return null
  const checked = new Date(online.checkedAt)
  const title = Number.isNaN(checked.getTime())
    ? undefined
    : `Last checked ${checked.toLocaleTimeString()}`
  return (
    <p
      className={`online-indicator online-indicator--${online.online ? 'online' : 'offline'}`}
      role="status"
      data-online={online.online}
      title={title}
    >
      <span className="online-indicator__icon" aria-hidden="true">
        {online.online ? '●' : '○'}
      </span>{' '}
      {online.online ? 'Online' : 'Offline — working from the checklist'}
    </p>
  )
}
