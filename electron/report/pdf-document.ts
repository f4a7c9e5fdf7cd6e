/**
 * A PDF document as both PDFs make it: A4, the embedded fonts, buffered pages, dates from the
 * input rather than the clock (the same input makes the same file), page numbers on every page.
 */
import PDFDocument from 'pdfkit'

import { displayText } from '../../shared/display-text'
import { loadPdfFonts, registerFonts } from './pdf-fonts'
import { LEFT, MARGIN, MUTED, PAGE, Pdf, RULE, WIDTH } from './pdf-kit'

export interface DocumentInfo {
  title: string
  author: string
  subject: string
  creator: string
  /** The document's own date (not the clock): the same input makes the same file. */
  createdAt: string
}

/** An A4 document with buffered pages (footers are drawn last) and the bytes it will end as. */
export async function openDocument(info: DocumentInfo): Promise<{ p: Pdf; done: Promise<Buffer> }> {
  await loadPdfFonts()
  const created = new Date(info.createdAt)
  const when = Number.isNaN(created.getTime()) ? new Date(0) : created
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGIN,
    bufferPages: true,
    autoFirstPage: true,
    // No default font: pdfkit would load the standard Helvetica; registerFonts selects Noto Sans.
    font: '',
    // The document's properties are Unicode strings in the PDF (no font draws them): shown as
    // every screen shows text, controls and bidi characters as visible escapes.
    info: {
      Title: displayText(info.title),
      Author: displayText(info.author),
      Subject: displayText(info.subject),
      Creator: displayText(info.creator),
      Producer: 'ScanPath (pdfkit)',
      CreationDate: when,
      ModDate: when,
    },
  })
  registerFonts(doc)
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
