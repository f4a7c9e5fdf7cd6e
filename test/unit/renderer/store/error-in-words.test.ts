/** Main's "<channel> failed: <why>" errors reach a person in words (issue 15). */
import { describe, expect, it } from 'vitest'
import type { AppError } from '../../../../shared/result'
import { errorInWords, errorWithoutChannel } from '../../../../renderer/src/store/error-in-words'

const internal = (message: string): AppError => ({ code: 'internal', message })

describe('errorInWords', () => {
  it('says what could not be done instead of the channel name', () => {
    const e = internal('capture:start failed: port 25 is in use')
    expect(errorInWords(e)).toEqual({
      code: 'internal',
      message: 'Could not start the capture: port 25 is in use',
    })
    expect(errorInWords(internal('verify:run failed: no profile p1')).message).toBe(
      'Could not run the test: no profile p1',
    )
    expect(errorWithoutChannel(internal('report:pdf failed: disk full')).message).toBe('disk full')
  })

  it('keeps any other message as it is', () => {
    for (const m of [
      'The device did not answer.',
      'nope:nope failed: x',
      'Time: 10:05 failed: x',
    ]) {
      const e = internal(m)
      expect(errorInWords(e)).toBe(e)
      expect(errorWithoutChannel(e)).toBe(e)
    }
  })
})
