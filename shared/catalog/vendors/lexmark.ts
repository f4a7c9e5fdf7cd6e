import type { PrinterFamily } from '../types'

/** lexmark families. */
export const LEXMARK_FAMILIES: PrinterFamily[] = []
