/**
 * The bridge: the named API from shared/api.ts over ipcRenderer, and nothing else. No generic
 * invoke, no ipcRenderer, no process objects reach the page.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'

import { createScanpathApi, type Transport } from '../shared/api'

const transport: Transport = {
  invoke: (channel, payload) => ipcRenderer.invoke(channel, payload),
  on: (event, listener) => {
    const wrapped = (_e: IpcRendererEvent, payload: unknown) => listener(payload as never)
    ipcRenderer.on(event, wrapped)
    return () => {
      ipcRenderer.removeListener(event, wrapped)
    }
  },
}

contextBridge.exposeInMainWorld('scanpath', createScanpathApi(transport))
