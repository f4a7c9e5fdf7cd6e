/** Wording for a page outside the app that could not be opened (pure, unit-tested). */

/**
 * "Could not open https://…: <reason>." Main's reason names its check ("link not opened: …");
 * the technician needs only the reason, and the address to type into a browser themselves.
 */
export function linkFailureText(url: string, reason: string): string {
  const why = reason.replace(/^link not opened: /i, '').replace(/\.$/, '')
  return `Could not open ${url}: ${why}. Type the address into a browser instead.`
}
