/**
 * The HTTP client MSAL uses to reach Microsoft's sign-in service: a timeout on every request,
 * and a record of the last error Microsoft or the network gave, to word the technician's message.
 */
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node'

import { answerNotJson, OAuthError, requestFailed, type MicrosoftError } from './errors'

interface OAuthErrorBody {
  error?: unknown
  error_description?: unknown
  error_codes?: unknown
}

/**
 * MSAL's own client has no timeout on POSTs, so a stalled connection would hang a check forever;
 * this one aborts each request after timeoutMs. Plain fetch, as MSAL's, so proxies behave alike.
 */
export function fetchNetworkClient(timeoutMs: number): INetworkModule {
  async function send<T>(
    url: string,
    method: 'GET' | 'POST',
    options?: NetworkRequestOptions,
  ): Promise<NetworkResponse<T>> {
    let res: Response
    try {
      res = await fetch(url, {
        method,
        headers: options?.headers ?? {},
        ...(method === 'POST' ? { body: options?.body ?? '' } : {}),
        signal: AbortSignal.timeout(timeoutMs),
      })
    } catch (err) {
      throw requestFailed(url, err)
    }
    const headers: Record<string, string> = {}
    res.headers.forEach((v, k) => {
      headers[k] = v
    })
    let body: T
    try {
      body = (await res.json()) as T
    } catch (err) {
      throw answerNotJson(url, res.status, err)
    }
    return { headers, body, status: res.status }
  }
  return {
    sendGetRequestAsync: (url, options) => send(url, 'GET', options),
    sendPostRequestAsync: (url, options) => send(url, 'POST', options),
  }
}

/**
 * MSAL's device code client reports a failed poll with the bare error code and drops
 * Microsoft's description (the AADSTS number that says what to fix), and ignores an error from
 * the device code endpoint altogether. So the last OAuth error body is kept to word the message.
 */
export function observing(inner: INetworkModule): {
  network: INetworkModule
  lastError: () => MicrosoftError | null
  /** Our own network failure: MSAL replaces any error that is not its own with "network_error". */
  lastFailure: () => OAuthError | null
  reset: () => void
} {
  let last: MicrosoftError | null = null
  let failure: OAuthError | null = null
  const keep = <T>(res: NetworkResponse<T>): NetworkResponse<T> => {
    const b = res.body as OAuthErrorBody | null
    if (b && typeof b === 'object' && typeof b.error === 'string') {
      // authorization_pending is the normal answer while the technician signs in.
      if (b.error !== 'authorization_pending') {
        const d = typeof b.error_description === 'string' ? b.error_description : ''
        // Microsoft appends Trace ID / Correlation ID / Timestamp lines; the first line says it all.
        last = { error: b.error, description: d.split(/\r?\n/)[0]?.trim() ?? '' }
      }
    }
    return res
  }
  const noting = async <T>(
    call: () => Promise<NetworkResponse<T>>,
  ): Promise<NetworkResponse<T>> => {
    try {
      return keep(await call())
    } catch (err) {
      if (err instanceof OAuthError) failure = err
      throw err
    }
  }
  return {
    network: {
      sendGetRequestAsync: (url, options, timeout) =>
        noting(() => inner.sendGetRequestAsync(url, options, timeout)),
      sendPostRequestAsync: (url, options) =>
        noting(() => inner.sendPostRequestAsync(url, options)),
    },
    lastError: () => last,
    lastFailure: () => failure,
    reset: () => {
      last = null
      failure = null
    },
  }
}
