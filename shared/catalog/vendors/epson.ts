import type { PrinterFamily } from '../types'

/** epson families. */
export const EPSON_FAMILIES: PrinterFamily[] = []
