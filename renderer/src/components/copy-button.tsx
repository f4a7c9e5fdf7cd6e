import { useEffect, useState } from 'react'

import { useAppStore } from '../store'

type CopyState = 'idle' | 'copied' | 'failed'

/** How long "Copied" stays before the button reads "Copy" again. */
const FEEDBACK_MS = 2000

/**
 * Copies one exact value to the clipboard. The button keeps its width when it reads "Copied" (no
 * jump), and a screen reader hears which value was copied.
 */
export function CopyButton({ value, label }: { value: string; label: string }) {
  const copyText = useAppStore((s) => s.desktop.copyText)
  const [state, setState] = useState<CopyState>('idle')
  useEffect(() => {
    if (state !== 'copied') return
    const t = setTimeout(() => setState('idle'), FEEDBACK_MS)
    return () => clearTimeout(t)
  }, [state])
  const copy = async () => {
    // Main writes the clipboard; if that fails the value is on screen to select by hand.
    setState((await copyText(value)) === null ? 'copied' : 'failed')
  }
  return (
    <span className="copy">
      <button
        type="button"
        className="button button--secondary button--small copy__button"
        onClick={() => void copy()}
      >
        {state === 'copied' ? (
          <>
            <span aria-hidden="true">✓ </span>Copied
          </>
        ) : (
          'Copy'
        )}
        <span className="sr-only"> {label}</span>
      </button>
      <span className="sr-only" role="status">
        {state === 'copied' ? `${label} copied` : ''}
      </span>
      {state === 'failed' ? (
        <span className="copy__error">
          <span aria-hidden="true">✕ </span>Could not copy: select the value and copy it by hand.
        </span>
      ) : null}
    </span>
  )
}
