import type { PrinterFamily } from '../types'

/** xerox families. */
export const XEROX_FAMILIES: PrinterFamily[] = []
