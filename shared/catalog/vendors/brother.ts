import type { PrinterFamily } from '../types'

/** brother families. */
export const BROTHER_FAMILIES: PrinterFamily[] = []
