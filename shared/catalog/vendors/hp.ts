import type { PrinterFamily } from '../types'

/** hp families. */
export const HP_FAMILIES: PrinterFamily[] = []
