import { useState } from 'react'

import { linkFailureText } from '../domain/external-link'
import { useAppStore } from '../store'

type LinkState = { kind: 'idle' } | { kind: 'opening' } | { kind: 'failed'; message: string }

interface ExternalLinkButtonProps {
  url: string
  /** Visible text, e.g. "Open check.spamhaus.org". */
  label: string
  /** Read after the label by screen readers, so several such buttons can be told apart. */
  description: string
}

/**
 * A page outside the app, opened in the browser through the bridge. A button, not a link: the page
 * never navigates, and main decides (allowlist) whether the address may be opened at all.
 */
export function ExternalLinkButton({ url, label, description }: ExternalLinkButtonProps) {
  const openInBrowser = useAppStore((s) => s.desktop.openInBrowser)
  const [state, setState] = useState<LinkState>({ kind: 'idle' })
  const open = async () => {
    setState({ kind: 'opening' })
    const error = await openInBrowser(url)
    setState(
      error
        ? { kind: 'failed', message: linkFailureText(url, error.reason ?? error.message) }
        : { kind: 'idle' },
    )
  }
  return (
    <span className="external-link">
      <button
        type="button"
        className="button button--secondary button--small"
        onClick={() => void open()}
        aria-disabled={state.kind === 'opening' || undefined}
        title={url}
      >
        {label}
        <span className="sr-only"> {description} (opens in your browser)</span>
        <span className="external-link__icon" aria-hidden="true">
          {' ↗'}
        </span>
      </button>
      {state.kind === 'failed' ? (
        <span className="external-link__error">
          <span aria-hidden="true">✕ </span>
          {state.message}
        </span>
      ) : null}
    </span>
  )
}
