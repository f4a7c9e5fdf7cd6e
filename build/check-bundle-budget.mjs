// Build check: the renderer's JavaScript must stay within 250 KB gzipped (issue 4's budget).
// Prints the size of every renderer script and exits 1 when the total is over budget.
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'

const BUDGET_BYTES = 250 * 1024
const dir = join(import.meta.dirname, '..', 'out', 'renderer', 'assets')

const files = (await readdir(dir)).filter((f) => f.endsWith('.js'))
let total = 0
for (const f of files) {
  const raw = await readFile(join(dir, f))
  const gz = gzipSync(raw, { level: 9 }).length
  total += gz
  console.log(
    `renderer ${f}: ${(raw.length / 1024).toFixed(1)} KB, ${(gz / 1024).toFixed(1)} KB gzipped`,
  )
}
const verdict = total <= BUDGET_BYTES ? 'within' : 'OVER'
console.log(
  `renderer JavaScript: ${(total / 1024).toFixed(1)} KB gzipped, ${verdict} the ${BUDGET_BYTES / 1024} KB budget`,
)
if (total > BUDGET_BYTES) process.exit(1)
