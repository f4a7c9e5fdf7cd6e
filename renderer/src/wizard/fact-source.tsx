import type { Confidence } from '../../../shared/catalog/types'
import { ExternalLinkButton } from '../components/external-link-button'
import { CONFIDENCE_LABELS } from '../domain/device-facts'
import { sourceLabels } from '../domain/source-labels'

/** How sure the catalogue is: words and a mark, never colour alone. */
export function ConfidenceTag({ confidence }: { confidence: Confidence }) {
  return (
    <span className={`confidence confidence--${confidence}`}>{CONFIDENCE_LABELS[confidence]}</span>
  )
}

/**
 * The documents a fact or an answer comes from, each opened in the browser through main (which
 * opens the hosts on its list and the documents the catalogue cites; the button says so when it
 * will not). Each button names the host, and the page where several share one.
 */
export function FactSources({ sources, about }: { sources: readonly string[]; about: string }) {
  if (sources.length === 0) return null
  const labels = sourceLabels(sources)
  return (
    <span className="fact-sources">
      <span className="fact-sources__label">Source{sources.length > 1 ? 's' : ''}:</span>
      {sources.map((url, i) => (
        <ExternalLinkButton
          key={url}
          url={url}
          label={labels[i]!}
          description={`source for ${about}`}
        />
      ))}
    </span>
  )
}
