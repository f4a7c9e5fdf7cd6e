import type { Confidence } from '../../../shared/catalog/types'
import { ExternalLinkButton } from '../components/external-link-button'
import { CONFIDENCE_LABELS, sourceHost } from '../domain/device-facts'

/** How sure the catalogue is: words and a mark, never colour alone. */
export function ConfidenceTag({ confidence }: { confidence: Confidence }) {
  return (
    <span className={`confidence confidence--${confidence}`}>{CONFIDENCE_LABELS[confidence]}</span>
  )
}

/**
 * The documents a catalogue fact comes from, each opened in the browser through main (which only
 * opens hosts on its list; the button says so when a host is not on it).
 */
export function FactSources({ sources, about }: { sources: readonly string[]; about: string }) {
  if (sources.length === 0) return null
  return (
    <span className="fact-sources">
      <span className="fact-sources__label">Source{sources.length > 1 ? 's' : ''}:</span>
      {sources.map((url) => (
        <ExternalLinkButton
          key={url}
          url={url}
          label={sourceHost(url)}
          description={`source for ${about}`}
        />
      ))}
    </span>
  )
}
