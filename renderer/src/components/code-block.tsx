import { useEffect, useId, useRef, useState } from 'react'

import { displayLines } from '../../../shared/display-text'
import { useAppStore } from '../store'

/** How long "Copied" stays on the button before it reads "Copy" again. */
const COPIED_FEEDBACK_MS = 2500

type CopyState = 'idle' | 'copied' | 'failed'

interface CodeBlockProps {
  label: string
  text: string
  /** Adds a Copy button (the record is then handed on exactly as shown). */
  copyable: boolean
}

/**
 * A record exactly as it must be typed (SPF, DNS), monospace and wrapped so nothing is hidden.
 * Copying goes through main (`app:copy-text`); when that fails, the text is selected instead, so
 * Ctrl+C still works.
 */
export function CodeBlock({ label, text: given, copyable }: CodeBlockProps) {
  // A record can hold what DNS or a server sent: shown, and copied, as the display function shows
  // it (our own records are unchanged by it).
  const text = displayLines(given)
  const labelId = useId()
  const textRef = useRef<HTMLElement>(null)
  const [copy, setCopy] = useState<CopyState>('idle')
  const copyText = useAppStore((s) => s.desktop.copyText)

  useEffect(() => {
    if (copy !== 'copied') return
    const timer = setTimeout(() => setCopy('idle'), COPIED_FEEDBACK_MS)
    return () => clearTimeout(timer)
  }, [copy])

  const onCopy = async () => {
    if ((await copyText(text)) === null) {
      setCopy('copied')
      return
    }
    // Main could not write the clipboard: select the text, so Ctrl+C still works.
    const el = textRef.current
    if (el) window.getSelection()?.selectAllChildren(el)
    setCopy('failed')
  }

  return (
    <figure className="code-block" aria-labelledby={labelId}>
      <figcaption className="code-block__head">
        <span className="code-block__label" id={labelId}>
          {label}
        </span>
        {copyable ? (
          <button
            type="button"
            className="button button--secondary button--small code-block__copy"
            onClick={() => void onCopy()}
          >
            {copy === 'copied' ? <span aria-hidden="true">✓ </span> : null}
            {copy === 'copied' ? 'Copied' : 'Copy'}
            <span className="sr-only"> {label}</span>
          </button>
        ) : null}
      </figcaption>
      <pre className="code-block__text">
        <code ref={textRef}>{text}</code>
      </pre>
      {copy === 'failed' ? (
        <p className="code-block__error">
          <span aria-hidden="true">✕ </span>
          Could not copy here. The record is selected: press Ctrl+C to copy it.
        </p>
      ) : null}
    </figure>
  )
}
