/**
 * Who may call main: only the main frame of our own window, showing our own page. A page that
 * somehow navigated elsewhere, an iframe, or another webContents gets `forbidden-sender`.
 * Pure (no Electron import) so it is unit-tested under plain Node.
 */
export interface SenderEventLike {
  sender: { id: number }
  senderFrame: { url: string; parent: unknown } | null
}

export interface TrustedSenders {
  webContentsIds: ReadonlySet<number>
  /** The URL our window loads (file:// in production, the dev server in development). */
  appUrl: string
}

function pageOf(url: string): string | null {
  try {
    const u = new URL(url)
    return `${u.protocol}//${u.host}${u.pathname}`
  } catch {
    return null
  }
}

export function isTrustedSender(event: SenderEventLike, trusted: TrustedSenders): boolean {
  if (!trusted.webContentsIds.has(event.sender.id)) return false
  const frame = event.senderFrame
  if (!frame || frame.parent !== null) return false
  const page = pageOf(frame.url)
  return page !== null && page === pageOf(trusted.appUrl)
}
