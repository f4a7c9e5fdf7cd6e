import type { PrinterFamily } from '../types'

/** konica-minolta families. */
export const KONICA_MINOLTA_FAMILIES: PrinterFamily[] = []
