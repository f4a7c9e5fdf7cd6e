/**
 * The profile form's words about signing in to Microsoft 365: Basic's end-of-2026 default where
 * Basic is chosen, and what the customer's admin registers in Entra for the app (client) id.
 */
import { ExternalLinkButton } from '../components/external-link-button'
import {
  APP_REGISTRATION_STEPS,
  BASIC_END_OF_2026,
  type SavedApp,
  type SourcedText,
} from '../domain/m365-sign-in'
import { sourceLabels } from '../domain/source-labels'
import '../styles/sign-in-help.css'

/**
 * The Microsoft pages a sentence comes from, each opened in the browser through main. `named`:
 * labels for pages that share a host (so each button says which page), by address.
 */
function Sources({
  item,
  about,
  named,
}: {
  item: SourcedText
  about: string
  named?: ReadonlyMap<string, string>
}) {
  const labels = item.sources.map((url) => named?.get(url) ?? sourceLabels([url])[0] ?? url)
  return (
    <span className="sign-in-help__sources">
      <span className="sign-in-help__sources-label">
        Source{item.sources.length > 1 ? 's' : ''}:
      </span>
      {item.sources.map((url, i) => (
        <ExternalLinkButton
          key={url}
          url={url}
          label={labels[i] ?? url}
          description={`source for ${about}`}
        />
      ))}
    </span>
  )
}

/** Where Basic (a password for SMTP AUTH) is chosen: what the end-of-2026 default means. */
export function BasicAuthNote() {
  return (
    <div className="note note--warn sign-in-help__basic" data-basic-warning>
      <p>
        <span className="note__label">Basic authentication is being turned off.</span>{' '}
        {BASIC_END_OF_2026.text}
      </p>
      <Sources item={BASIC_END_OF_2026} about="the Basic authentication timeline" />
    </div>
  )
}

/** What the admin registers in Microsoft Entra so the app (client) id works, folded until asked. */
export function AppRegistrationHelp() {
  const urls = [...new Set(APP_REGISTRATION_STEPS.flatMap((s) => s.sources))]
  const labels = sourceLabels(urls)
  const named = new Map(urls.map((url, i) => [url, labels[i] ?? url]))
  return (
    <details className="sign-in-help__app" data-app-help>
      <summary>What the customer&apos;s admin registers in Microsoft Entra</summary>
      <ol className="sign-in-help__steps">
        {APP_REGISTRATION_STEPS.map((step, i) => (
          <li key={i}>
            {step.text}{' '}
            <Sources item={step} about={`app registration step ${i + 1}`} named={named} />
          </li>
        ))}
      </ol>
    </details>
  )
}

/** The app id already saved for this mailbox's tenant, offered with one button. */
export function SavedAppOffer({ app, onUse }: { app: SavedApp; onUse(): void }) {
  return (
    <div className="note sign-in-help__saved" data-saved-app={app.domain}>
      <p>
        <span className="note__label">App saved for {app.domain}:</span>{' '}
        <span className="mono">{app.clientId}</span> (with {app.profileName}).
      </p>
      <button type="button" className="button button--secondary button--small" onClick={onUse}>
        Use this app id
      </button>
    </div>
  )
}
