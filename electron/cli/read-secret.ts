/**
 * Reading a password or token for the CLI: at a prompt with no echo when standard input is a
 * terminal, else the first line of standard input (for scripts: `secret-tool lookup … | scanpath
 * auth-test …`). Never from the command line.
 */
import type { ReadStream } from 'node:tty'

const MAX_SECRET = 16 * 1024

export async function readSecretLine(input: NodeJS.ReadableStream): Promise<string> {
  let data = ''
  for await (const chunk of input) {
    data += typeof chunk === 'string' ? chunk : chunk.toString('utf8')
    const nl = data.indexOf('\n')
    if (nl !== -1) return data.slice(0, nl).replace(/\r$/, '')
    if (data.length > MAX_SECRET)
      throw new Error('the secret on standard input is longer than 16 KB')
  }
  return data.replace(/\r?\n$/, '')
}

export function promptSecret(
  question: string,
  input: ReadStream,
  output: NodeJS.WritableStream,
): Promise<string> {
  return new Promise((resolve, reject) => {
    output.write(question)
    let value = ''
    input.setRawMode(true)
    input.resume()
    input.setEncoding('utf8')
    const done = (err?: Error) => {
      input.setRawMode(false)
      input.pause()
      input.off('data', onData)
      output.write('\n')
      if (err) reject(err)
      else resolve(value)
    }
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return done()
        if (ch === '\u0003') return done(new Error('cancelled'))
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1)
        else if (ch >= ' ' && value.length < MAX_SECRET) value += ch
      }
    }
    input.on('data', onData)
  })
}
