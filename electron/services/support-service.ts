/**
 * Support: the About information, "Copy diagnostics" (a redacted bundle put on the clipboard by
 * main, so the renderer needs no clipboard permission) and "Show log file". Electron's clipboard
 * and shell are passed in, so the service runs under plain Node in tests.
 */
import type { AboutInfo, DiagnosticsCopy } from '../../shared/support-types'
import { buildDiagnostics, type DiagnosticsSources } from '../support/diagnostics'

export interface SupportService {
  about(): AboutInfo
  copyDiagnostics(): Promise<DiagnosticsCopy>
  /** Opens the file manager at the log file (selected). */
  showLogFile(): Promise<void>
}

export function createSupportService(opts: {
  sources: DiagnosticsSources
  writeClipboard(text: string): void
  showItemInFolder(path: string): void
}): SupportService {
  return {
    about: () => opts.sources.about(),
    async copyDiagnostics() {
      const text = await buildDiagnostics(opts.sources)
      try {
        opts.writeClipboard(text)
        return { text, copied: true }
      } catch {
        // Shown in the app instead, where it can be selected and copied by hand.
        return { text, copied: false }
      }
    },
    async showLogFile() {
      opts.showItemInFolder(opts.sources.about().logFile)
    },
  }
}
