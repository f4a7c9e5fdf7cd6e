/**
 * Printer discovery in the renderer (the Device step): the DNS-SD list of printers on this
 * network, and asking one device what it is (IPP, then SNMP, from main). Each answer belongs to
 * the visit to the step it was asked on: leaving the step forgets it.
 */
import type { StateCreator } from 'zustand'

import type { DnsSdBrowseResult, PrinterIdentity } from '../../../shared/discovery-types'
import type { Result } from '../../../shared/result'
import { bridgeMissingError, getBridge, type ScanpathApi } from '../api'
import type { AppState } from './index'

/** How long the printer list listens for answers. */
export const FIND_PRINTERS_LISTEN_S = 3

export type PrinterSearch =
  | { kind: 'idle' }
  | { kind: 'searching' }
  | { kind: 'error'; message: string }
  | { kind: 'done'; result: DnsSdBrowseResult }

export type DeviceLookup =
  | { kind: 'idle' }
  | { kind: 'asking' }
  | { kind: 'error'; message: string }
  | { kind: 'done'; identity: PrinterIdentity }

export interface DiscoveryState {
  search: PrinterSearch
  lookup: DeviceLookup
}

export interface DiscoveryActions {
  /** Lists the printers that announce themselves on the laptop's networks. */
  findPrinters(): Promise<void>
  /** Asks the device at `host` what it is (`ippPort`: the IPP port it announced, else 631). */
  identify(host: string, ippPort?: number): Promise<void>
  /** The step is left: what was found is forgotten, and answers still on their way are dropped. */
  leave(): void
}

export interface DiscoverySlice {
  discovery: DiscoveryState & DiscoveryActions
}

export const initialDiscoveryState: DiscoveryState = {
  search: { kind: 'idle' },
  lookup: { kind: 'idle' },
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e))

export const createDiscoverySlice: StateCreator<AppState, [], [], DiscoverySlice> = (set) => {
  const patch = (p: Partial<DiscoveryState>) =>
    set((s) => ({ discovery: { ...s.discovery, ...p } }))
  /** Bumped when the step is left: an answer asked for before then changes nothing. */
  let visit = 0

  /** Calls main; resolves to the answer, or to the words of why there is none. */
  const ask = async <T>(
    call: (api: ScanpathApi) => Promise<Result<T>>,
  ): Promise<{ ok: true; value: T } | { ok: false; message: string }> => {
    const api = getBridge()
    if (!api) return { ok: false, message: bridgeMissingError.message }
    try {
      const r = await call(api)
      return r.ok ? r : { ok: false, message: r.error.message }
    } catch (e) {
      return { ok: false, message: message(e) }
    }
  }

  return {
    discovery: {
      ...initialDiscoveryState,

      async findPrinters() {
        const at = visit
        if (getBridge()) patch({ search: { kind: 'searching' } })
        const r = await ask((api) => api.findPrinters({ timeoutS: FIND_PRINTERS_LISTEN_S }))
        if (at !== visit) return
        patch({
          search: r.ok ? { kind: 'done', result: r.value } : { kind: 'error', message: r.message },
        })
      },

      async identify(host, ippPort) {
        const at = visit
        if (getBridge()) patch({ lookup: { kind: 'asking' } })
        const r = await ask((api) => api.identifyPrinter(ippPort ? { host, ippPort } : { host }))
        if (at !== visit) return
        patch({
          lookup: r.ok
            ? { kind: 'done', identity: r.value }
            : { kind: 'error', message: r.message },
        })
      },

      leave() {
        visit++
        patch(initialDiscoveryState)
      },
    },
  }
}
