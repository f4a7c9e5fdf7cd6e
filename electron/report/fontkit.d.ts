/**
 * The part of fontkit (pdfkit's own font reader, which ships no types) the PDFs use: opening a
 * font from its bytes to learn which characters it has glyphs for.
 */
declare module 'fontkit' {
  export interface Font {
    /** Every code point the font maps to a glyph. */
    readonly characterSet: readonly number[]
  }
  export function create(buffer: Buffer, postscriptName?: string): Font
}
