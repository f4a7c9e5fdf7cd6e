import { describe, expect, it } from 'vitest'

import { createScanpathApi, type Transport } from '../../../shared/api'
import { EVENT_CHANNELS, INVOKE_CHANNELS } from '../../../shared/schemas/ipc'
import { ok } from '../../../shared/result'

function recordingTransport() {
  const invoked: Array<[string, unknown]> = []
  const listeners = new Map<string, Set<(p: unknown) => void>>()
  const transport: Transport = {
    invoke: async (channel, payload) => {
      invoked.push([channel, payload])
      return ok(null as never)
    },
    on: (event, listener) => {
      const set = listeners.get(event) ?? new Set()
      set.add(listener as (p: unknown) => void)
      listeners.set(event, set)
      return () => set.delete(listener as (p: unknown) => void)
    },
  }
  return { transport, invoked, listeners }
}

describe('the renderer API (window.scanpath)', () => {
  it('exposes exactly one named method per channel and event — adding one is a deliberate change', () => {
    const api = createScanpathApi(recordingTransport().transport)
    expect(Object.keys(api).sort()).toEqual([
      'about',
      'buildReport',
      'cancelProbes',
      'cancelProfileSignIn',
      'captureStatus',
      'checklistPdf',
      'copyDiagnostics',
      'copyText',
      'createJob',
      'deleteProfile',
      'findPrinters',
      'forgetProfileSecret',
      'getJob',
      'identifyPrinter',
      'listJobs',
      'listOutbox',
      'listProfiles',
      'onCaptureChanged',
      'onJobMeasured',
      'onMenuCommand',
      'onOAuthPrompt',
      'onProbeProgress',
      'onRelayWatchChanged',
      'onlineStatus',
      'openExternal',
      'relayWatchStatus',
      'reportPdf',
      'retryOutbox',
      'runMxSend',
      'runProbes',
      'runVerify',
      'saveJob',
      'saveProfile',
      'sendReport',
      'setProfileSecret',
      'showLogFile',
      'signInProfile',
      'startCapture',
      'startRelayWatch',
      'stopCapture',
      'stopRelayWatch',
      'storeProblems',
    ])
    expect(INVOKE_CHANNELS).toEqual([
      'probes:run',
      'probes:cancel',
      'app:open-external',
      'jobs:list',
      'jobs:create',
      'jobs:get',
      'jobs:save',
      'profiles:list',
      'profiles:save',
      'profiles:delete',
      'profiles:set-secret',
      'profiles:forget-secret',
      'profiles:oauth-sign-in',
      'profiles:oauth-cancel',
      'report:build',
      'report:pdf',
      'report:checklist-pdf',
      'outbox:enqueue',
      'outbox:list',
      'outbox:retry',
      'app:online',
      'capture:start',
      'capture:status',
      'capture:stop',
      'discovery:identify',
      'discovery:browse',
      'app:store-problems',
      'app:about',
      'app:copy-diagnostics',
      'app:show-log',
      'app:copy-text',
      'verify:run',
      'verify:mx-send',
      'relayWatch:start',
      'relayWatch:stop',
      'relayWatch:status',
    ])
    expect(EVENT_CHANNELS).toEqual([
      'probes:progress',
      'jobs:measured',
      'capture:changed',
      'profiles:oauth-prompt',
      'app:menu',
      'relayWatch:changed',
    ])
  })

  it('maps each method to its channel and passes the payload through unchanged', async () => {
    const { transport, invoked } = recordingTransport()
    const api = createScanpathApi(transport)
    await api.runProbes({ runId: 'run-0001', options: { submissionHost: 'localhost' } })
    await api.cancelProbes({ runId: 'run-0001' })
    await api.openExternal({ url: 'https://aka.ms/smtp_auth_tls' })
    expect(invoked).toEqual([
      ['probes:run', { runId: 'run-0001', options: { submissionHost: 'localhost' } }],
      ['probes:cancel', { runId: 'run-0001' }],
      ['app:open-external', { url: 'https://aka.ms/smtp_auth_tls' }],
    ])
  })

  it('subscriptions return their unsubscribe function', () => {
    const { transport, listeners } = recordingTransport()
    const api = createScanpathApi(transport)
    const seen: unknown[] = []
    const off = api.onProbeProgress((e) => seen.push(e))
    listeners.get('probes:progress')?.forEach((l) => l({ kind: 'started', runId: 'r', checks: [] }))
    off()
    expect(listeners.get('probes:progress')?.size).toBe(0)
    expect(seen).toHaveLength(1)
  })
})
