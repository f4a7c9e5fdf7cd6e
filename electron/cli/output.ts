/**
 * How the CLI prints. Server and device text reaches its output (replies, certificate names, EHLO
 * names, printer names), so every line goes through the shared display function
 * (shared/display-text) on its way out, and colour is added only after that: a hostile server can
 * neither clear the screen nor retitle, link or reorder it (docs/ARCHITECTURE.md, "Security
 * model"). Lines are made safe one by one, so the line breaks between them stay ours.
 */
import { displayJson, displayText } from '../../shared/display-text'

/** Part of a line in an SGR colour (e.g. '31' red), painted only when colour is on. */
export interface Painted {
  text: string
  sgr: string
}

/** One printed line: plain text, or pieces of it, some painted. */
export type Line = string | ReadonlyArray<string | Painted>

export interface TextOut {
  write(text: string): unknown
}

/** One line as the terminal gets it: every piece made safe, then painted. */
export function renderLine(line: Line, color = false): string {
  if (typeof line === 'string') return displayText(line)
  return line
    .map((piece) => {
      if (typeof piece === 'string') return displayText(piece)
      const text = displayText(piece.text)
      return color ? `\x1b[${piece.sgr}m${text}\x1b[0m` : text
    })
    .join('')
}

/** Prints lines, each ended by a newline. */
export function printLines(out: TextOut, lines: readonly Line[], color = false): void {
  out.write(lines.map((l) => `${renderLine(l, color)}\n`).join(''))
}

/**
 * The one JSON writer of every `--json`: the exact values, with the characters a terminal could
 * act on (C1, bidi controls, U+2028/2029, as well as C0) written as \u escapes.
 */
export function printJson(out: TextOut, value: unknown, indent?: number): void {
  out.write(`${displayJson(value, indent)}\n`)
}

/** Colour on a terminal only, and never with NO_COLOR set (https://no-color.org). */
export function colorFor(stream: { isTTY?: boolean }): boolean {
  return Boolean(stream.isTTY) && !process.env['NO_COLOR']
}
