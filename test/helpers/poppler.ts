/**
 * Reading generated PDFs back the way a person (pdftotext) and an eye (pdftoppm) would, with
 * Debian's poppler-utils. Used by the report and checklist PDF tests.
 */
import { execFile } from 'node:child_process'
import { mkdir, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { requirePeer, type PeerRequirement } from './require-peer'

const run = promisify(execFile)

export const POPPLER_MISSING =
  'pdftotext/pdftoppm not found: install poppler-utils (apt-get install -y --no-install-recommends poppler-utils)'

/** Whether pdftotext and pdftoppm run here. */
export async function havePoppler(): Promise<boolean> {
  try {
    await run('pdftotext', ['-v'])
    await run('pdftoppm', ['-v'])
    return true
  } catch {
    return false
  }
}

/** Writes the PDF into `dir` as `<name>.pdf` and returns its path. */
export async function savePdf(dir: string, pdf: Buffer, name: string): Promise<string> {
  const file = join(dir, `${name}.pdf`)
  await writeFile(file, pdf)
  return file
}

/** The text of a PDF file with its layout (`pdftotext -layout`: one printed line per line). */
export async function pdfLayoutText(file: string): Promise<string> {
  return (await run('pdftotext', ['-layout', file, '-'])).stdout
}

/**
 * Renders the given pages of a PDF file to `<outDir>/<prefix>-page<N>.png` at 60 dpi and returns
 * the sizes in bytes (a blank page compresses to almost nothing).
 */
export async function pdfPageImages(
  file: string,
  outDir: string,
  prefix: string,
  pages: readonly number[],
): Promise<number[]> {
  await mkdir(outDir, { recursive: true })
  const sizes: number[] = []
  for (const page of pages) {
    const out = join(outDir, `${prefix}-page${page}`)
    await run('pdftoppm', [
      '-png',
      '-r',
      '60',
      '-f',
      String(page),
      '-l',
      String(page),
      '-singlefile',
      file,
      out,
    ])
    sizes.push((await stat(`${out}.png`)).size)
  }
  return sizes
}

/** poppler-utils as a test file's requirement: skipped on a developer machine, failed in CI. */
export async function requirePoppler(): Promise<PeerRequirement> {
  return requirePeer(
    'poppler-utils (pdftotext, pdftoppm)',
    (await havePoppler()) ? null : POPPLER_MISSING,
  )
}
