/** Wording for a page outside the app that could not be opened (pure, unit-tested). */

/**
 * "Could not open https://…: <reason>." The bridge's message names the channel and main's check
 * ("app:open-external failed: link not opened: …"); the technician needs only the reason, and the
 * address to type into a browser themselves.
 */
export function linkFailureText(url: string, message: string): string {
  const reason = message
    .replace(/^[a-z]+:[a-z-]+ failed: /i, '')
    .replace(/^link not opened: /i, '')
    .replace(/\.$/, '')
  return `Could not open ${url}: ${reason}. Type the address into a browser instead.`
}
