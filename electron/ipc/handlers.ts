/**
 * The one handler table behind every invoke channel. Both transports (Electron IPC and the browser
 * test host) call these same functions with already-validated requests.
 */
import { checkExternalUrl } from '../../shared/external-url'
import type { Job } from '../../shared/job-types'
import type { JobService } from '../services/job-service'
import type { ProbeService } from '../services/probe-service'
import type { HandlerTable } from './dispatch'

export interface AppServices {
  probes: ProbeService
  jobs: JobService
  /** Opens an https URL in the user's browser (Electron's shell.openExternal in the app). */
  openExternal: (url: string) => Promise<void>
}

export function createHandlers(services: AppServices): HandlerTable {
  return {
    'probes:run': (req, ctx) =>
      services.probes.run(req.runId, req.options, (p) => ctx.emit('probes:progress', p)),
    'probes:cancel': async (req) => ({ cancelled: services.probes.cancel(req.runId) }),
    'app:open-external': async (req) => {
      const checked = checkExternalUrl(req.url)
      if (!checked.ok) throw new Error(`link not opened: ${checked.reason}`)
      await services.openExternal(checked.url)
      return { opened: true }
    },
    'jobs:list': () => services.jobs.list(),
    'jobs:create': () => services.jobs.create(),
    'jobs:get': (req) => services.jobs.get(req.id),
    // The schema checked the shape; the cast only narrows zod's string enums to the job's unions.
    'jobs:save': (req) => services.jobs.save(req.job as Job),
  }
}
