import type { PrinterFamily } from '../types'

/** ricoh families. */
export const RICOH_FAMILIES: PrinterFamily[] = []
