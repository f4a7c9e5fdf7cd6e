/**
 * A data file the main process could not load at start-up (damaged, cut short, from a newer
 * version). It is moved aside into a `quarantine` folder next to it, never deleted, so the
 * technician or support can still recover it; the rest of the data loads without it.
 */
export interface StoreProblem {
  /** The file as it was found (absolute path). */
  file: string
  /** Where it was moved (absolute path, `<folder>/quarantine/<name>.<timestamp>`), or null when
   * even the move failed and the file was left in place. */
  movedTo: string | null
  /** Why, as a phrase after the file name: `is not valid JSON (cut short or damaged)`. */
  reason: string
  /** One sentence for a person: what was found, where it went, and that the rest loaded. */
  message: string
}
