/**
 * Manual runs of the browser test host with the real probe service:
 *
 *   npm run build && node --import tsx test/e2e/host/cli.ts [--port 5173] [--renderer-dir out/renderer]
 *
 * Prints the page URL (token included) and serves until Ctrl+C. Loopback only, like the host.
 */
import { parseArgs } from 'node:util'

import { startTestHost } from './test-host'

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      'renderer-dir': { type: 'string', default: 'out/renderer' },
    },
  })
  const port = Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port must be a port number, not ${values.port}`)
    process.exitCode = 2
    return
  }
  const host = await startTestHost({ port, rendererDir: values['renderer-dir'], realNetwork: true })
  console.log(`ScanPath test host: ${host.url}`)
  console.log('Open that URL in Chromium on this machine. Ctrl+C stops the host.')
  const stop = () => {
    void host.close().then(() => process.exit(0))
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e))
  process.exitCode = 1
})
