import type { PrinterFamily } from '../types'

/** sharp families. */
export const SHARP_FAMILIES: PrinterFamily[] = []
