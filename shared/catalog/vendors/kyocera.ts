import type { PrinterFamily } from '../types'

/** kyocera families. */
export const KYOCERA_FAMILIES: PrinterFamily[] = []
