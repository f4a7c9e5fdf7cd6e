/**
 * Verify for a job that sends through ScanPath Relay at the site: ScanPath watches the relay live
 * (the device's test message arriving and delivered); the commands to check on the relay machine
 * itself are folded away below it; the capture under the step shows what the device itself does.
 */
import {
  RELAY_CONFIG_PATH_LINUX,
  RELAY_CONFIG_PATH_WINDOWS,
  SITE_RELAY_TITLE,
} from '../../../shared/configure/site-relay-plan'
import type { Job, SiteRelay } from '../../../shared/job-types'
import { CopyButton } from '../components/copy-button'
import { suggestedRecipient } from '../domain/verify-plan'
import { RelayWatchPanel } from './relay-watch-panel'
import '../styles/relay-watch.css'

function Command({ label, command }: { label: string; command: string }) {
  return (
    <div className="config-field" data-field="relay-command">
      <dt className="config-field__label">{label}</dt>
      <dd className="config-field__value">
        <span className="mono config-field__text">{command}</span>
        <CopyButton value={command} label={label} />
      </dd>
    </div>
  )
}

export function SiteRelayVerify({ job, relay }: { job: Job; relay: SiteRelay }) {
  const to = suggestedRecipient(job) || 'ADDRESS'
  const where = relay.address.trim() ? `${relay.address.trim()}:${relay.port}` : 'the relay'
  return (
    <section
      className="verify-site-relay"
      aria-labelledby="verify-relay-title"
      data-verify-applies="site-relay"
    >
      <h3 id="verify-relay-title">Test through {SITE_RELAY_TITLE}</h3>
      <p>
        The device sends to {where}; the relay signs in to Microsoft 365 for it. Watch the relay
        from here, then send a test scan from the device.
      </p>
      <RelayWatchPanel job={job} relay={relay} />
      <details className="advanced verify-site-relay__commands">
        <summary className="advanced__toggle">Or check on the relay machine</summary>
        <div className="advanced__body">
          <p>
            The first command sends a test message the way the device does and follows it until
            Microsoft 365 has taken it (or says why not); the second shows the queue, the last
            delivery and the sign-in.
          </p>
          <dl className="config-fields">
            <Command
              label="Send a test through the relay"
              command={`scanpath relay test --config ${RELAY_CONFIG_PATH_LINUX} --to ${to}`}
            />
            <Command
              label="The relay's status"
              command={`scanpath relay status --config ${RELAY_CONFIG_PATH_LINUX}`}
            />
          </dl>
          <p className="muted">
            On Windows the configuration is {RELAY_CONFIG_PATH_WINDOWS}; the commands are the same.
          </p>
        </div>
      </details>
    </section>
  )
}
