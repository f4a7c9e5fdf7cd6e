/**
 * Labels for a list of source buttons: the host, and where several share a host (four pages on
 * learn.microsoft.com), the page's own name from its path so each button says which page it is.
 * Pure, unit-tested.
 */
import { sourceHost } from './device-facts'

function pageName(url: string): string {
  try {
    const parts = new URL(url).pathname.split('/').filter(Boolean)
    const last = parts.at(-1) ?? ''
    // Tech Community posts end in a number (…/4489835, …/ba-p/4515201): the slug before it names them.
    const slug = /^\d+$/.test(last) ? (parts.at(-2) === 'ba-p' ? parts.at(-3) : parts.at(-2)) : last
    return short((slug ?? '').replace(/[-_]+/g, ' ').trim())
  } catch {
    return ''
  }
}

/** At most MAX characters, cut at a word, so a button fits a narrow window (the full URL is its tooltip). */
const MAX = 32
function short(name: string): string {
  if (name.length <= MAX) return name
  const cut = name.slice(0, MAX + 1)
  const end = cut.lastIndexOf(' ')
  return `${(end > 0 ? cut.slice(0, end) : name.slice(0, MAX)).trim()}…`
}

export function sourceLabels(urls: readonly string[]): string[] {
  const hosts = urls.map(sourceHost)
  return urls.map((url, i) => {
    const host = hosts[i]!
    const shared = hosts.filter((h) => h === host).length > 1
    const name = shared ? pageName(url) : ''
    return name ? `${host}: ${name}` : host
  })
}
