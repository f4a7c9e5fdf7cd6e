/**
 * Runs of the site checks, keyed by the renderer's run id, so a run can be cancelled from another
 * call. One instance is wired in main.ts (and one in the browser test host).
 */
import type { DiagnoseOptions } from '../../shared/schemas/diagnose-options'
import type { DiagnoseReport, ProbeProgress } from '../../shared/probe-types'
import type { ProbeDeps } from '../probes/probe-deps'
import { runDiagnose } from '../probes/runner'

export interface ProbeService {
  run(
    runId: string,
    options: DiagnoseOptions,
    onProgress: (p: ProbeProgress) => void,
  ): Promise<DiagnoseReport>
  cancel(runId: string): boolean
  cancelAll(): void
}

/**
 * `siteDefaults` fill what a run request leaves out (a DNS server, public-IP sources, blocklists):
 * an organisation's own resolver in the app, local peers in the browser test host.
 */
export function createProbeService(
  deps?: ProbeDeps,
  siteDefaults: Partial<Pick<DiagnoseOptions, 'dnsServer' | 'publicIpSources' | 'blocklists'>> = {},
): ProbeService {
  const active = new Map<string, AbortController>()
  return {
    async run(runId, options, onProgress) {
      if (active.has(runId)) throw new Error(`run ${runId} is already in progress`)
      const controller = new AbortController()
      active.set(runId, controller)
      try {
        const effective: DiagnoseOptions = {
          ...options,
          publicIpSources: options.publicIpSources ?? siteDefaults.publicIpSources,
          blocklists: options.blocklists ?? siteDefaults.blocklists,
        }
        // The DNS server typed in the form is named by the technician: when it does not answer,
        // that is its failure. The site default stands in for the system's resolver: its silence
        // reads as offline, as the system's does.
        return await runDiagnose(effective, {
          runId,
          signal: controller.signal,
          onProgress,
          ...(deps ? { deps } : {}),
          ...(options.dnsServer === undefined && siteDefaults.dnsServer
            ? { defaultDnsServer: siteDefaults.dnsServer }
            : {}),
          dnsServerNamedIn: 'app',
        })
      } finally {
        active.delete(runId)
      }
    },
    cancel(runId) {
      const c = active.get(runId)
      if (!c) return false
      c.abort()
      return true
    },
    cancelAll() {
      for (const c of active.values()) c.abort()
    },
  }
}
