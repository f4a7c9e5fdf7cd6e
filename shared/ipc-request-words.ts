/**
 * What each IPC request was trying to do, in words. Main's dispatcher says an unexpected failure
 * as "Could not <this>: <why>", so no channel name reaches a person (the log keeps the channel).
 */
import type { InvokeChannel } from './schemas/ipc'

export const REQUEST_IN_WORDS: Readonly<Record<InvokeChannel, string>> = {
  'probes:run': 'run the site checks',
  'probes:cancel': 'stop the site checks',
  'app:open-external': 'open the link',
  'jobs:list': 'list the jobs',
  'jobs:create': 'create the job',
  'jobs:get': 'open the job',
  'jobs:save': 'save the job',
  'profiles:list': 'list the mailbox profiles',
  'profiles:save': 'save the mailbox profile',
  'profiles:delete': 'delete the mailbox profile',
  'profiles:set-secret': 'store the password',
  'profiles:forget-secret': 'forget the password',
  'profiles:oauth-sign-in': 'sign in with Microsoft',
  'profiles:oauth-cancel': 'cancel the Microsoft sign-in',
  'report:build': 'build the report',
  'report:pdf': 'make the report PDF',
  'report:checklist-pdf': 'make the printable checklist',
  'outbox:enqueue': 'queue the report for the office',
  'outbox:list': 'read the outbox',
  'outbox:retry': 'retry sending the report',
  'app:online': 'check whether this computer is online',
  'capture:start': 'start the capture',
  'capture:status': 'read the capture',
  'capture:stop': 'stop the capture',
  'discovery:identify': 'identify the device',
  'discovery:browse': 'look for devices on the network',
  'app:store-problems': 'read the saved data',
  'app:about': 'read the app details',
  'app:copy-diagnostics': 'copy the diagnostics',
  'app:show-log': 'show the log',
  'app:copy-text': 'copy the text',
  'verify:run': 'run the test',
  'verify:mx-send': 'send the test message',
  'relayWatch:start': 'watch the relay',
  'relayWatch:stop': 'stop watching the relay',
  'relayWatch:status': 'read the relay watch',
}

/** "Could not start the capture: port 25 is in use" — the reason is kept as it was said. */
export function couldNotText(channel: InvokeChannel, reason: string): string {
  return `Could not ${REQUEST_IN_WORDS[channel]}: ${reason}`
}
