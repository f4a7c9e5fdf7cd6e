/**
 * A PDF document as both PDFs make it: A4, buffered pages, dates from the input rather than the
 * clock (the same input makes the same file), and a footer with page numbers on every page.
 */
import PDFDocument from 'pdfkit'

import { LEFT, MARGIN, MUTED, PAGE, Pdf, RULE, WIDTH } from './pdf-kit'
import { pdfSafe } from './pdf-text'

export interface DocumentInfo {
  title: string
  author: string
  subject: string
  creator: string
  /** The document's own date (not the clock): the same input makes the same file. */
  createdAt: string
}

/** An A4 document with buffered pages (footers are drawn last) and the bytes it will end as. */
export function openDocument(info: DocumentInfo): { p: Pdf; done: Promise<Buffer> } {
  const created = new Date(info.createdAt)
  const when = Number.isNaN(created.getTime()) ? new Date(0) : created
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGIN,
    bufferPages: true,
    autoFirstPage: true,
    info: {
      Title: pdfSafe(info.title),
      Author: pdfSafe(info.author),
      Subject: pdfSafe(info.subject),
      Creator: pdfSafe(info.creator),
      Producer: 'ScanPath (pdfkit)',
      CreationDate: when,
      ModDate: when,
    },
  })
  const chunks: Buffer[] = []
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c))
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })
  return { p: new Pdf(doc), done }
}

/** A rule, `left` and "Page n of N" at the foot of every page (once all pages exist). */
export function drawFooters(p: Pdf, left: string): void {
  const d = p.doc
  const range = d.bufferedPageRange()
  for (let i = range.start; i < range.start + range.count; i++) {
    d.switchToPage(i)
    // Writing below the bottom margin would start a new page: lift the margin while drawing.
    const saved = d.page.margins.bottom
    d.page.margins.bottom = 0
    const y = PAGE.height - 36
    d.moveTo(LEFT, y - 6)
      .lineTo(LEFT + WIDTH, y - 6)
      .lineWidth(0.5)
      .strokeColor(RULE)
      .stroke()
    p.text(left, LEFT, y, { width: WIDTH - 80, size: 8, colour: MUTED, lineBreak: false })
    p.text(`Page ${i - range.start + 1} of ${range.count}`, LEFT + WIDTH - 80, y, {
      width: 80,
      size: 8,
      colour: MUTED,
      align: 'right',
      lineBreak: false,
    })
    d.page.margins.bottom = saved
  }
}
