/**
 * The dead end (no Microsoft 365 method fits) as every step shows it: why, whether an answer could
 * change it, and the ways out. DeadEndPanel is for the steps after the Decision (one main button
 * back to the ways out); WaysOutList and DeadEndWhy are the Decision step's own.
 */
import type {
  Decision,
  DecisionInput,
  MethodAssessment,
  WayOut,
} from '../../../shared/decision/types'
import { waysOut } from '../../../shared/decision/ways-out'
import { SITE_RELAY_DEFAULT_PORT, type Job } from '../../../shared/job-types'
import type { DeadEnd } from '../domain/step-hold'
import { useAppStore } from '../store'
import { ConfidenceTag, FactSources } from './fact-source'
import '../styles/decision.css'

/** The id of the Decision step's ways-out heading: DeadEndPanel's button brings it into view. */
export const WAYS_OUT_TARGET = 'ways-out-title'

/**
 * Why no method fits: each blocking fact once, and whether an answer could change it. When no
 * answer would, it says so, so nobody goes looking for an answer to correct.
 */
export function DeadEndWhy({ end }: { end: DeadEnd }) {
  const fix = end.answerFixes[0]
  return (
    <div className="dead-end__why">
      <p className="dead-end__label">What blocks every method here:</p>
      <ul className="dead-end__facts">
        {end.blockedBy.map((b) => (
          <li key={b}>{b}</li>
        ))}
      </ul>
      {fix ? (
        <p className="dead-end__answers" data-answer-fix={fix.method}>
          Only if an answer is wrong: {fix.title} is blocked by{' '}
          {fix.answers.length === 1 ? 'one answer' : 'answers'} alone ({fix.answers.join('; ')}).
          Otherwise, take a way out.
        </p>
      ) : (
        <p className="dead-end__answers" data-answer-fix="none">
          No answer changes this: what the site checks found and what the device can do block every
          method. Take a way out.
        </p>
      )}
    </div>
  )
}

/** The way out ScanPath itself provides: its relay on an always-on machine at the site. */
export const SITE_RELAY_WAY_OUT = 'site-oauth-relay'

/**
 * Under the site relay way out: the button that records ScanPath Relay for the job and goes on
 * to Configure (secondary: the step keeps one main action), or that it is chosen.
 */
export function UseSiteRelay({ chosen, onUse }: { chosen: boolean; onUse(): void }) {
  if (chosen)
    return (
      <p className="method-confirm method-confirm--done" data-site-relay-choice="chosen">
        <span aria-hidden="true">✓ </span>Chosen for this job: ScanPath Relay at this site.
        Configure shows the relay&apos;s setup and the device settings pointing at it.
      </p>
    )
  return (
    <p className="way-out__action" data-site-relay-choice="none">
      <button type="button" className="button button--secondary" onClick={onUse}>
        Use ScanPath Relay at this site
      </button>{' '}
      <span className="method-confirm__text">
        ScanPath ships this relay (<code>scanpath relay</code>): Configure then shows its setup and
        the device settings pointing at it.
      </span>
    </p>
  )
}

/** Taking the site relay way out from the list: whether it is chosen, and how to choose it. */
export interface SiteRelayChoice {
  chosen: boolean
  onUse(): void
}

/**
 * The site relay choice of a job: taking it records the relay (default port, address to type)
 * and no Microsoft 365 method, then `onTaken` (the Decision step goes on to Configure).
 */
export function siteRelayChoice(
  job: Pick<Job, 'siteRelay'>,
  update: (edit: (j: Job) => Job) => void,
  onTaken: () => void,
): SiteRelayChoice {
  return {
    chosen: !!job.siteRelay,
    onUse: () => {
      update((j) => ({
        ...j,
        method: null,
        siteRelay: j.siteRelay ?? { address: '', port: SITE_RELAY_DEFAULT_PORT },
      }))
      onTaken()
    },
  }
}

/**
 * The site relay, offered beside the method that fits when that is client submission with a
 * password and the device cannot do OAuth: it keeps the device sending once Basic auth is off
 * (the end-of-2026 cut-over). Undefined otherwise.
 */
export function siteRelayOffer(
  input: DecisionInput,
  decision: Pick<Decision, 'ranked'>,
  best: MethodAssessment | null,
): WayOut | undefined {
  if (best?.method !== 'client-submission-basic' || input.device.oauthM365 !== 'no')
    return undefined
  return waysOut(input, decision.ranked).find((w) => w.id === SITE_RELAY_WAY_OUT)
}

/**
 * The ways out, best first for this site, each with what it takes, what to know before, its sources
 * and how sure they are. The first is open, and the site relay's too once chosen.
 */
export function WaysOutList({
  ways,
  siteRelay,
}: {
  ways: readonly WayOut[]
  siteRelay?: SiteRelayChoice
}) {
  return (
    <section className="ways-out" aria-labelledby={WAYS_OUT_TARGET}>
      <h3 id={WAYS_OUT_TARGET} tabIndex={-1}>
        Next: pick a way out
      </h3>
      <p className="ways-out__lead">
        These get the mail flowing instead, best first for this site:
      </p>
      <ol className="ways-out__list">
        {ways.map((w, i) => (
          <li key={w.id} className="way-out" data-way-out={w.id}>
            <details open={i === 0 || (w.id === SITE_RELAY_WAY_OUT && siteRelay?.chosen)}>
              <summary className="way-out__summary">
                <span className="way-out__title">{w.title}</span>
                {i === 0 ? (
                  <span className="tag tag--pass">
                    <span className="tag__icon" aria-hidden="true">
                      ★
                    </span>
                    Best here
                  </span>
                ) : null}
              </summary>
              <p className="way-out__why">{w.why}</p>
              <p className="findings__title">What it takes</p>
              <ol className="way-out__takes">
                {w.takes.map((t) => (
                  <li key={t}>{t}</li>
                ))}
              </ol>
              {w.caveats.length > 0 ? (
                <>
                  <p className="findings__title">Know before choosing it</p>
                  <ul className="way-out__caveats">
                    {w.caveats.map((c) => (
                      <li key={c}>{c}</li>
                    ))}
                  </ul>
                </>
              ) : null}
              <p className="way-out__sources">
                <ConfidenceTag confidence={w.confidence} />
                <FactSources sources={w.sources} about={w.title} />
              </p>
              {w.id === SITE_RELAY_WAY_OUT && siteRelay ? (
                <UseSiteRelay chosen={siteRelay.chosen} onUse={siteRelay.onUse} />
              ) : null}
            </details>
          </li>
        ))}
      </ol>
    </section>
  )
}

/**
 * A step that has nothing to do while no method fits (Configure, Verify): says so and why, names
 * the best way out, and its one main button goes back to the Decision step's ways out.
 * `nothingTo`: what this step cannot do yet, e.g. "Nothing to configure until a way out is taken."
 */
export function DeadEndPanel({ end, nothingTo }: { end: DeadEnd; nothingTo: string }) {
  const goTo = useAppStore((s) => s.wizard.goTo)
  const best = end.waysOut[0]
  return (
    <section className="dead-end" aria-labelledby="dead-end-title" data-dead-end>
      <h3 id="dead-end-title" className="dead-end__title">
        <span aria-hidden="true">✕ </span>No Microsoft 365 method fits here
      </h3>
      <p className="dead-end__lead">{nothingTo}</p>
      <DeadEndWhy end={end} />
      {best ? (
        <p className="dead-end__best">
          <span className="dead-end__label">Best way out here:</span> {best.title}
        </p>
      ) : null}
      <p className="dead-end__actions">
        <button
          type="button"
          className="button button--primary"
          onClick={() => goTo('decision', WAYS_OUT_TARGET)}
        >
          See the ways out
        </button>
      </p>
    </section>
  )
}

/**
 * When a password sign-in is the method that fits but the device cannot do OAuth: the site relay
 * as the way to keep sending once Basic auth for SMTP AUTH is off (end of December 2026).
 */
export function SiteRelayOffer({ way, choice }: { way: WayOut; choice: SiteRelayChoice }) {
  return (
    <section className="ways-out ways-out--offer" aria-labelledby="site-relay-offer-title">
      <h3 id="site-relay-offer-title">Or, for when Basic auth ends: ScanPath Relay at this site</h3>
      <p className="way-out__why">
        This device cannot sign in with OAuth, and password sign-in for SMTP AUTH is off by default
        from the end of December 2026. {way.why}
      </p>
      <p className="way-out__sources">
        <ConfidenceTag confidence={way.confidence} />
        <FactSources sources={way.sources} about={way.title} />
      </p>
      <UseSiteRelay chosen={choice.chosen} onUse={choice.onUse} />
    </section>
  )
}
