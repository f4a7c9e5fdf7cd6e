/**
 * The parent's handle on bench/exchange-child.ts: its port and CA file, and what it received.
 */
import { fork } from 'node:child_process'
import { join } from 'node:path'

import type { ExchangeChildFacts } from './exchange-child'

export interface ExchangePeer {
  port: number
  caFile: string
  received(): Promise<ExchangeChildFacts>
  close(): Promise<void>
}

export async function startExchangePeer(users: Record<string, string>): Promise<ExchangePeer> {
  const child = fork(join(__dirname, 'exchange-child.ts'), [JSON.stringify(users)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  const ready = await new Promise<{ port: number; caFile: string }>((resolve, reject) => {
    child.once('message', (m: { ready?: { port: number; caFile: string } }) =>
      m.ready ? resolve(m.ready) : reject(new Error('exchange child: unexpected first message')),
    )
    child.once('exit', (code) => reject(new Error(`exchange child exited ${code}`)))
  })
  return {
    ...ready,
    received: () =>
      new Promise<ExchangeChildFacts>((resolve) => {
        const on = (m: { facts?: ExchangeChildFacts }): void => {
          if (!m.facts) return
          child.off('message', on)
          resolve(m.facts)
        }
        child.on('message', on)
        child.send({ ask: 'received' })
      }),
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.send({ ask: 'stop' })
      }),
  }
}
