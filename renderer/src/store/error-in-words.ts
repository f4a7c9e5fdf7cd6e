/**
 * Main's unexpected failures arrive as "<channel> failed: <why>" (the IPC dispatcher's wording, kept
 * for its log); the store rewords them for a person ("Could not start the capture: <why>").
 */
import type { InvokeChannel } from '../../../shared/schemas/ipc'
import type { AppError } from '../../../shared/result'

/** What each request was trying to do, in words: "Could not <this>: <why>". */
const DOING: Record<InvokeChannel, string> = {
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
}

const CHANNEL_FAILED = /^([a-z-]+:[a-z-]+) failed: /

function isChannel(name: string): name is InvokeChannel {
  return Object.hasOwn(DOING, name)
}

/** The error with a leading "<channel> failed: " said in words; any other message is kept. */
export function errorInWords(error: AppError): AppError {
  const m = CHANNEL_FAILED.exec(error.message)
  const channel = m?.[1]
  if (!m || channel === undefined || !isChannel(channel)) return error
  return { ...error, message: `Could not ${DOING[channel]}: ${error.message.slice(m[0].length)}` }
}

/** The error without a leading "<channel> failed: ", for a screen that says what failed itself. */
export function errorWithoutChannel(error: AppError): AppError {
  const m = CHANNEL_FAILED.exec(error.message)
  const channel = m?.[1]
  if (!m || channel === undefined || !isChannel(channel)) return error
  return { ...error, message: error.message.slice(m[0].length) }
}
