/**
 * The fonts both PDFs embed (Noto Sans regular, bold and italic, Noto Sans Mono), read from their
 * npm packages and parsed once, and which characters all of them can draw. pdfkit embeds only the
 * glyphs a document uses.
 */
import * as fontkit from 'fontkit'
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'

/** The names the drawing kit selects fonts by (`doc.font(name)`). */
export type FontName = 'Sans' | 'Sans-Bold' | 'Sans-Italic' | 'Mono'

/**
 * Where each font lives: a package and the TTF file inside it (OFL-1.1, see its LICENSE_FONT).
 * build/electron-builder.yml packs these four files and leaves the packages' other weights out.
 */
export const PDF_FONT_FILES: Readonly<Record<FontName, string>> = {
  Sans: '@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf',
  'Sans-Bold': '@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf',
  'Sans-Italic': '@expo-google-fonts/noto-sans/400Regular_Italic/NotoSans_400Regular_Italic.ttf',
  Mono: '@expo-google-fonts/noto-sans-mono/400Regular/NotoSansMono_400Regular.ttf',
}

/**
 * The standard font names code may still select (the timing chart's legend does): each draws
 * with the embedded font of the same style, never with the non-embedded WinAnsi original.
 */
const STANDARD_ALIASES: Record<string, FontName> = {
  Helvetica: 'Sans',
  'Helvetica-Bold': 'Sans-Bold',
  'Helvetica-Oblique': 'Sans-Italic',
  Courier: 'Mono',
}

interface LoadedFonts {
  fonts: Record<FontName, fontkit.Font>
  /** Code points every one of the fonts has a glyph for. */
  drawable: ReadonlySet<number>
}

let loading: Promise<LoadedFonts> | null = null
let loaded: LoadedFonts | null = null

async function load(): Promise<LoadedFonts> {
  // Resolved like a require from this file: node_modules of the checkout (tests, the CLI from
  // out/) or of app.asar in the packaged app, whose fs reads files inside the archive.
  const resolve = createRequire(__filename).resolve
  const names = Object.keys(PDF_FONT_FILES) as FontName[]
  const read = await Promise.all(names.map((n) => readFile(resolve(PDF_FONT_FILES[n]))))
  const fonts = Object.fromEntries(
    names.map((n, i) => [n, fontkit.create(read[i] as Buffer)]),
  ) as Record<FontName, fontkit.Font>
  const [first, ...rest] = names.map((n) => new Set(fonts[n].characterSet))
  const drawable = new Set([...(first ?? [])].filter((c) => rest.every((set) => set.has(c))))
  loaded = { fonts, drawable }
  return loaded
}

/** Reads and parses the fonts once (2.3 MB); every PDF and `pdfSafe` need them loaded first. */
export function loadPdfFonts(): Promise<void> {
  loading ??= load().catch((e: unknown) => {
    loading = null
    throw e
  })
  return loading.then(() => undefined)
}

function fonts(): LoadedFonts {
  if (!loaded) throw new Error('The PDF fonts are not loaded yet: await loadPdfFonts() first.')
  return loaded
}

/** Whether every embedded font has a glyph for the character (one code point). */
export function fontsCanDraw(ch: string): boolean {
  return fonts().drawable.has(ch.codePointAt(0) ?? -1)
}

/** Registers the embedded fonts (and the standard names as aliases) and selects the regular. */
export function registerFonts(doc: PDFKit.PDFDocument): void {
  const parsed = fonts().fonts
  // pdfkit takes a parsed fontkit font as well as bytes (its types list only bytes): parsed once,
  // the fonts' tables are not decoded again for every document.
  const source = (f: fontkit.Font) => f as unknown as Buffer
  for (const [name, font] of Object.entries(parsed)) doc.registerFont(name, source(font))
  for (const [alias, name] of Object.entries(STANDARD_ALIASES))
    doc.registerFont(alias, source(parsed[name]))
  doc.font('Sans')
}
