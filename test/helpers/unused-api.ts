/**
 * The renderer API with every method answering "not used here": renderer unit tests spread it
 * under the few methods they fake, so adding a channel does not break every fake.
 */
import type { ScanpathApi } from '../../shared/api'
import { err } from '../../shared/result'

const notUsed = async () => err('internal', 'not used in this test')

export const UNUSED_API: ScanpathApi = {
  runProbes: notUsed,
  cancelProbes: notUsed,
  openExternal: notUsed,
  listJobs: notUsed,
  createJob: notUsed,
  getJob: notUsed,
  saveJob: notUsed,
  listProfiles: notUsed,
  saveProfile: notUsed,
  deleteProfile: notUsed,
  setProfileSecret: notUsed,
  forgetProfileSecret: notUsed,
  signInProfile: notUsed,
  cancelProfileSignIn: notUsed,
  runVerify: notUsed,
  runMxSend: notUsed,
  buildReport: notUsed,
  reportPdf: notUsed,
  checklistPdf: notUsed,
  sendReport: notUsed,
  listOutbox: notUsed,
  retryOutbox: notUsed,
  onlineStatus: notUsed,
  startCapture: notUsed,
  captureStatus: notUsed,
  stopCapture: notUsed,
  identifyPrinter: notUsed,
  findPrinters: notUsed,
  storeProblems: notUsed,
  about: notUsed,
  copyDiagnostics: notUsed,
  showLogFile: notUsed,
  copyText: notUsed,
  startRelayWatch: notUsed,
  stopRelayWatch: notUsed,
  relayWatchStatus: notUsed,
  onProbeProgress: () => () => {},
  onJobMeasured: () => () => {},
  onCaptureChanged: () => () => {},
  onOAuthPrompt: () => () => {},
  onMenuCommand: () => () => {},
  onRelayWatchChanged: () => () => {},
}
