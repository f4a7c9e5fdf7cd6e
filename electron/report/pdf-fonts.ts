/**
 * The fonts both PDFs embed (Noto Sans regular, bold and italic, Noto Sans Mono), read from their
 * npm packages, and which characters all of them can draw. pdfkit embeds only the glyphs used.
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
  bytes: Record<FontName, Buffer>
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
  const bytes = Object.fromEntries(names.map((n, i) => [n, read[i]])) as Record<FontName, Buffer>
  const [first, ...rest] = names.map((n) => new Set(fontkit.create(bytes[n]).characterSet))
  const drawable = new Set([...(first ?? [])].filter((c) => rest.every((set) => set.has(c))))
  loaded = { bytes, drawable }
  return loaded
}

/** Reads the fonts once (about 2.3 MB); every PDF and `pdfSafe` need them loaded first. */
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
  const { bytes } = fonts()
  for (const [name, data] of Object.entries(bytes)) doc.registerFont(name, data)
  for (const [alias, name] of Object.entries(STANDARD_ALIASES)) doc.registerFont(alias, bytes[name])
  doc.font('Sans')
}
