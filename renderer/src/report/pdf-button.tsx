import { useEffect, useRef, useState } from 'react'

import { base64ToBytes, safeFileName } from '../domain/base64-file'
import { useAppStore } from '../store'
import type { PdfKind } from '../store/report-slice'

interface Download {
  url: string
  fileName: string
}

/**
 * Asks main for a PDF and offers it as a download: the base64 becomes a Blob behind a blob: URL
 * (allowed by the CSP) and an <a download> link that is clicked once and stays on screen, so the
 * file can be saved again.
 */
export function PdfButton({
  kind,
  label,
  fallbackName,
}: {
  kind: PdfKind
  label: string
  fallbackName: string
}) {
  const state = useAppStore((s) => s.report.pdf[kind])
  const makePdf = useAppStore((s) => s.report.makePdf)
  const [download, setDownload] = useState<Download | null>(null)
  const [decodeError, setDecodeError] = useState<string | null>(null)
  const linkRef = useRef<HTMLAnchorElement>(null)
  const clickNext = useRef(false)
  const urlRef = useRef<string | null>(null)

  const onClick = async () => {
    const file = await makePdf(kind)
    if (!file) return
    let bytes: Uint8Array<ArrayBuffer>
    try {
      bytes = base64ToBytes(file.base64)
    } catch {
      setDecodeError('The PDF arrived damaged; try again.')
      return
    }
    if (urlRef.current) URL.revokeObjectURL(urlRef.current)
    const url = URL.createObjectURL(new Blob([bytes], { type: 'application/pdf' }))
    urlRef.current = url
    clickNext.current = true
    setDecodeError(null)
    setDownload({ url, fileName: safeFileName(file.fileName, fallbackName) })
  }

  // The link is clicked once it is in the page (it needs the new href first).
  useEffect(() => {
    if (download && clickNext.current) {
      clickNext.current = false
      linkRef.current?.click()
    }
  }, [download])

  // The Blob is released when the step closes.
  useEffect(
    () => () => {
      if (urlRef.current) URL.revokeObjectURL(urlRef.current)
    },
    [],
  )

  const working = state.kind === 'working'
  const error =
    decodeError ??
    (state.kind === 'failed' ? `The PDF could not be made: ${state.error.message}` : null)
  return (
    <div className="pdf-button" data-pdf={kind}>
      <button
        type="button"
        className="button button--secondary"
        disabled={working}
        onClick={() => void onClick()}
      >
        {working ? 'Making the PDF…' : label}
      </button>
      {download ? (
        <a
          className="pdf-button__link"
          ref={linkRef}
          href={download.url}
          download={download.fileName}
        >
          <span aria-hidden="true">⤓ </span>
          {download.fileName}
        </a>
      ) : null}
      {error ? (
        <p className="pdf-button__error" role="alert">
          <span aria-hidden="true">✕ </span>
          {error}
        </p>
      ) : null}
    </div>
  )
}
