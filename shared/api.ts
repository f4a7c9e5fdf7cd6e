/**
 * The renderer-facing API: one named method per channel, nothing generic. Built from a transport
 * so the Electron preload (ipcRenderer) and the browser test host (WebSocket) expose exactly the
 * same object; `window.scanpath`'s type is derived from this function, not written twice.
 */
import type {
  EventChannel,
  EventPayloads,
  InvokeChannel,
  InvokeRequest,
  InvokeResponses,
} from './schemas/ipc'
import type { Result } from './result'

export interface Transport {
  invoke<C extends InvokeChannel>(
    channel: C,
    payload: InvokeRequest<C>,
  ): Promise<Result<InvokeResponses[C]>>
  on<E extends EventChannel>(event: E, listener: (payload: EventPayloads[E]) => void): () => void
}

export function createScanpathApi(t: Transport) {
  return {
    runProbes: (req: InvokeRequest<'probes:run'>) => t.invoke('probes:run', req),
    cancelProbes: (req: InvokeRequest<'probes:cancel'>) => t.invoke('probes:cancel', req),
    openExternal: (req: InvokeRequest<'app:open-external'>) => t.invoke('app:open-external', req),
    listJobs: () => t.invoke('jobs:list', {}),
    createJob: () => t.invoke('jobs:create', {}),
    getJob: (req: InvokeRequest<'jobs:get'>) => t.invoke('jobs:get', req),
    /**
     * Saves what the technician typed (shared/job-types `jobEdits`); called as they type
     * (debounced by the renderer). What main measured for the job, main keeps itself.
     */
    saveJob: (req: InvokeRequest<'jobs:save'>) => t.invoke('jobs:save', req),
    listProfiles: () => t.invoke('profiles:list', {}),
    saveProfile: (req: InvokeRequest<'profiles:save'>) => t.invoke('profiles:save', req),
    deleteProfile: (req: InvokeRequest<'profiles:delete'>) => t.invoke('profiles:delete', req),
    /** Hands a password or token to main for the keychain; it is never sent back. */
    setProfileSecret: (req: InvokeRequest<'profiles:set-secret'>) =>
      t.invoke('profiles:set-secret', req),
    forgetProfileSecret: (req: InvokeRequest<'profiles:forget-secret'>) =>
      t.invoke('profiles:forget-secret', req),
    /** Starts the Microsoft sign-in for an OAuth profile; the code to type comes as an event. */
    signInProfile: (req: InvokeRequest<'profiles:oauth-sign-in'>) =>
      t.invoke('profiles:oauth-sign-in', req),
    cancelProfileSignIn: (req: InvokeRequest<'profiles:oauth-cancel'>) =>
      t.invoke('profiles:oauth-cancel', req),
    runVerify: (req: InvokeRequest<'verify:run'>) => t.invoke('verify:run', req),
    runMxSend: (req: InvokeRequest<'verify:mx-send'>) => t.invoke('verify:mx-send', req),
    buildReport: (req: InvokeRequest<'report:build'>) => t.invoke('report:build', req),
    reportPdf: (req: InvokeRequest<'report:pdf'>) => t.invoke('report:pdf', req),
    checklistPdf: (req: InvokeRequest<'report:checklist-pdf'>) =>
      t.invoke('report:checklist-pdf', req),
    /** "Send to office": the report into the durable outbox. */
    sendReport: (req: InvokeRequest<'outbox:enqueue'>) => t.invoke('outbox:enqueue', req),
    listOutbox: () => t.invoke('outbox:list', {}),
    retryOutbox: (req: InvokeRequest<'outbox:retry'>) => t.invoke('outbox:retry', req),
    onlineStatus: () => t.invoke('app:online', {}),
    startCapture: (req: InvokeRequest<'capture:start'>) => t.invoke('capture:start', req),
    captureStatus: () => t.invoke('capture:status', {}),
    stopCapture: () => t.invoke('capture:stop', {}),
    identifyPrinter: (req: InvokeRequest<'discovery:identify'>) =>
      t.invoke('discovery:identify', req),
    findPrinters: (req: InvokeRequest<'discovery:browse'>) => t.invoke('discovery:browse', req),
    storeProblems: () => t.invoke('app:store-problems', {}),
    about: () => t.invoke('app:about', {}),
    copyDiagnostics: () => t.invoke('app:copy-diagnostics', {}),
    showLogFile: () => t.invoke('app:show-log', {}),
    copyText: (req: InvokeRequest<'app:copy-text'>) => t.invoke('app:copy-text', req),
    /** Watches the job's site relay over its status link; the code goes to the keychain only. */
    startRelayWatch: (req: InvokeRequest<'relayWatch:start'>) => t.invoke('relayWatch:start', req),
    stopRelayWatch: (req: InvokeRequest<'relayWatch:stop'>) => t.invoke('relayWatch:stop', req),
    relayWatchStatus: (req: InvokeRequest<'relayWatch:status'>) =>
      t.invoke('relayWatch:status', req),
    /** Subscribe to progress of probe runs; returns the unsubscribe function. */
    onProbeProgress: (listener: (e: EventPayloads['probes:progress']) => void) =>
      t.on('probes:progress', listener),
    /** Subscribe to what main kept in a job (a run's report, a capture's sessions). */
    onJobMeasured: (listener: (e: EventPayloads['jobs:measured']) => void) =>
      t.on('jobs:measured', listener),
    /** Subscribe to changes of the capture this window started. */
    onCaptureChanged: (listener: (e: EventPayloads['capture:changed']) => void) =>
      t.on('capture:changed', listener),
    onOAuthPrompt: (listener: (e: EventPayloads['profiles:oauth-prompt']) => void) =>
      t.on('profiles:oauth-prompt', listener),
    /** Subscribe to changes of the relay watch this window started. */
    onRelayWatchChanged: (listener: (e: EventPayloads['relayWatch:changed']) => void) =>
      t.on('relayWatch:changed', listener),
    onMenuCommand: (listener: (e: EventPayloads['app:menu']) => void) => t.on('app:menu', listener),
  }
}

export type ScanpathApi = ReturnType<typeof createScanpathApi>
