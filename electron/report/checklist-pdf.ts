/**
 * The printable checklist (issue 6): the configuration plan of one job on paper, for sites where
 * the laptop cannot stay open next to the device. Same decision and plan as the app's Decision
 * and Configure steps (shared/report/job-derive.ts), so paper and screen never disagree.
 *
 * Made to be read at arm's length and written on: large tick boxes, values in monospace exactly as
 * they are typed, ruled lines under every step. Never a password or a token: the plan holds only
 * a placeholder for the password, and that field is printed as "type it on the device".
 */
import type { ConfigStep } from '../../shared/configure/plan-types'
import { SITE_RELAY_TITLE } from '../../shared/configure/site-relay-plan'
import type { Job } from '../../shared/job-types'
import { jobDecision, jobPlan, jobSiteRelayPlan } from '../../shared/report/job-derive'
import { siteRelayEndpoint } from '../../shared/report/site-relay-report'
import {
  blockersSection,
  methodBox,
  notesSection,
  pitfallsSection,
  sheetHeader,
  verifySection,
} from './checklist-sections'
import { placeBlocks, stepBlocks } from './checklist-steps'
import { drawFooters, openDocument } from './pdf-document'
import { type Pdf, STATUS_COLOUR, WIDTH } from './pdf-kit'
import { formatUtcTime } from '../../shared/report/utc-time'
import { CHECKLIST_WAYS_OUT, drawWaysOut } from './ways-out-pdf'

export interface ChecklistPdfOptions {
  generatedAt: string
  appVersion: string
  /** The decision date (YYYY-MM-DD); the Basic-auth timeline depends on it. */
  today?: string
}

// --- the document ------------------------------------------------------------------------------------

/**
 * The way out taken: ScanPath Relay at the site. Its steps in plan order (the relay machine and
 * the tenant first), the status check and the test among them: the Verify form's codes are
 * Microsoft 365's, which the device never sees through the relay.
 */
function relayChecklist(p: Pdf, job: Job, plan: readonly ConfigStep[]): void {
  const relay = job.siteRelay
  methodBox(p, [
    { text: `Method: ${SITE_RELAY_TITLE} (a way out chosen by the technician)`, bold: true },
    {
      text: `The device sends to the relay at ${relay ? siteRelayEndpoint(relay) : 'the relay machine'}; the relay signs in to Microsoft 365 with OAuth.`,
    },
  ])
  const steps = plan.filter((s) => s.id !== 'pitfalls')
  const ticked = steps.filter((s) => job.checklist[s.id]?.done).length
  p.heading(
    'Configuration steps',
    `${ticked} of ${steps.length} steps already ticked in the app (crossed boxes). Tick each box as you go and write what you see on the lines.`,
  )
  const opened = steps.findIndex((x) => x.id === 'open-settings') + 1
  steps.forEach((s, i) => placeBlocks(p, stepBlocks(p, job, s, i + 1, opened), 3))
  pitfallsSection(p, job)
  notesSection(p)
}

export async function renderChecklistPdf(job: Job, opts: ChecklistPdfOptions): Promise<Buffer> {
  const date = opts.today ?? opts.generatedAt.slice(0, 10)
  const jd = jobDecision(job, date)
  const ranked = jd.decision.ranked
  const who = job.customer.trim() || job.id
  const { p, done } = await openDocument({
    title: `ScanPath checklist - ${who}`,
    author: job.technician || 'ScanPath',
    subject: `${job.site} ${job.domain}`.trim(),
    creator: `ScanPath ${opts.appVersion}`,
    createdAt: opts.generatedAt,
  })

  sheetHeader(p, job, date)
  const chosen = jd.method ? ranked.find((m) => m.method === jd.method) : undefined
  const relayPlan = jobSiteRelayPlan(job)
  if (relayPlan) relayChecklist(p, job, relayPlan)
  else if (!jd.method || !chosen) {
    methodBox(p, [
      { text: 'No sending method fits this site yet', bold: true, colour: STATUS_COLOUR.fail },
      {
        text: jd.decision.waysOut[0]
          ? `Nothing to configure until a blocker is removed or a way out is taken (best here: ${jd.decision.waysOut[0].title}).`
          : 'Nothing to configure until one of the blockers below is removed.',
      },
    ])
    drawWaysOut(p, jd.decision.waysOut, CHECKLIST_WAYS_OUT)
    blockersSection(p, ranked)
    pitfallsSection(p, job)
    notesSection(p)
  } else {
    const plan = jobPlan(job, chosen)
    const steps = plan.filter((s) => s.id !== 'pitfalls' && s.id !== 'test-send')
    const test = plan.find((s) => s.id === 'test-send')
    // Why, in one line: as many of the decision's reasons as fit (always the first).
    let why = chosen.reasons[0]?.text ?? jd.decision.summary
    for (const r of chosen.reasons.slice(1)) {
      const longer = `${why} ${r.text}`
      if (p.height(`Why: ${longer}`, WIDTH - 24, 10) > p.height('Why:', WIDTH - 24, 10)) break
      why = longer
    }
    const lines: { text: string; bold?: boolean; colour?: string }[] = [
      {
        text: `Method: ${chosen.title}${job.method === jd.method ? '  (chosen by the technician)' : ''}`,
        bold: true,
      },
      { text: `Why: ${why}` },
    ]
    if (jd.pickBlocked)
      lines.push({
        text: `The method picked in the app, ${jd.pickBlocked.title}, is blocked now (${jd.pickBlocked.blockers.map((b) => b.text).join(' ')}): these are the steps of ScanPath's recommendation instead.`,
        colour: STATUS_COLOUR.fail,
      })
    else if (job.method === null)
      lines.push({
        text: "No method chosen yet: these are the steps of ScanPath's recommendation. Confirm it in the Decision step when the laptop is back.",
        colour: STATUS_COLOUR.warn,
      })
    methodBox(p, lines)
    const items = test ? [...steps, test] : steps
    const ticked = items.filter((s) => job.checklist[s.id]?.done).length
    p.heading(
      'Configuration steps',
      `${ticked} of ${items.length} steps already ticked in the app (crossed boxes). Tick each box as you go and write what you see on the lines.`,
    )
    // The SMTP settings are "opened in step N": the step that opens them, wherever the plan put it
    // (tenant steps come first).
    const opened = steps.findIndex((x) => x.id === 'open-settings') + 1
    steps.forEach((s, i) => placeBlocks(p, stepBlocks(p, job, s, i + 1, opened), 3))
    pitfallsSection(p, job)
    verifySection(p, job, jd.method, test, steps.length + 1)
  }

  drawFooters(
    p,
    `Generated ${formatUtcTime(opts.generatedAt)} by ScanPath ${opts.appVersion}  |  Checklist for ${who}`,
  )
  p.doc.end()
  return done
}
