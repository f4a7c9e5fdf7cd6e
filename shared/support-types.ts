/** The About screen and the diagnostics bundle (issue 8). Plain data; it crosses IPC. */

export interface AboutInfo {
  name: string
  version: string
  /** False in a development run (`npm start` from the source tree). */
  packaged: boolean
  versions: { electron: string; chrome: string; node: string }
  /** e.g. `Windows 10.0.22631 (x64)`. */
  os: string
  locale: string
  /** Where jobs, profiles and the outbox are kept. */
  dataDir: string
  /** The support log; rotated files sit beside it. */
  logFile: string
}

export interface DiagnosticsCopy {
  /** What was put on the clipboard: redacted, e-mail addresses masked. */
  text: string
  copied: boolean
}

/** Menu commands the main process forwards to the window. */
export type MenuCommand = 'new-job' | 'all-jobs' | 'settings' | 'outbox' | 'about'
