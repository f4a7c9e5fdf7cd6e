import type { PrinterFamily } from '../types'

/** canon families. */
export const CANON_FAMILIES: PrinterFamily[] = []
