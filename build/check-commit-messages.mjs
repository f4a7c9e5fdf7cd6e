// Commit messages since the rule was adopted: a subject of at most 72 characters (it stays whole
// in `git log --oneline`, on GitHub and in mail), then a blank line and a body that says why.
// Usage: node build/check-commit-messages.mjs [BASE]; exits 1 naming every commit that breaks it.
import { execFileSync } from 'node:child_process'

/** The last commit before the rule (issue 14); older history is left as it was written. */
const RULE_ADOPTED_AFTER = '8255944'
const MAX_SUBJECT = 72

const base = process.argv[2] ?? RULE_ADOPTED_AFTER
try {
  execFileSync('git', ['cat-file', '-e', `${base}^{commit}`], { stdio: 'ignore' })
} catch {
  // A shallow clone does not hold the commit: there is no history here to check.
  console.warn(`commit messages not checked: ${base} is not in this clone's history (shallow?)`)
  process.exit(0)
}
const log = execFileSync('git', ['log', '--format=%H%x1f%B%x1e', `${base}..HEAD`], {
  encoding: 'utf8',
})
const problems = []
for (const entry of log.split('\x1e')) {
  const trimmed = entry.replace(/^\n+/, '')
  if (!trimmed) continue
  const [hash, message = ''] = trimmed.split('\x1f')
  const [subject = '', blank, ...body] = message.replace(/\n+$/, '').split('\n')
  const short = hash.slice(0, 7)
  if (subject.length > MAX_SUBJECT)
    problems.push(
      `${short}: subject is ${subject.length} characters (at most ${MAX_SUBJECT}): ${subject}`,
    )
  if (blank === undefined || blank !== '' || body.join('').trim() === '')
    problems.push(`${short}: no body after a blank line saying why: ${subject}`)
}
if (problems.length > 0) {
  console.error(
    `Commit messages that break the rule (README, "Contributing"):\n${problems.join('\n')}`,
  )
  process.exit(1)
}
console.log(`commit messages since ${base}: ok`)
