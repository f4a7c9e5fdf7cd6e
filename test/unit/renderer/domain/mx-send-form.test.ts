/**
 * The MX test send form: what the technician reads for each field that is not ready, and the
 * request main gets once every field is.
 */
import { describe, expect, it } from 'vitest'

import {
  initialMxSendFields,
  mxSendProblems,
  mxSendRequest,
  type MxSendFields,
} from '../../../../renderer/src/domain/mx-send-form'

const ready: MxSendFields = {
  mxHost: ' contoso-com.mail.protection.outlook.com ',
  mxPort: '25',
  from: ' scanner@contoso.com',
  to: 'frontdesk@contoso.com ',
  connectorIp: ' 203.0.113.7 ',
}

describe('MX test send form', () => {
  it('starts from the job: the MX, port 25, sender, recipient and the site IP', () => {
    expect(
      initialMxSendFields({
        mxHost: 'contoso-com.mail.protection.outlook.com',
        mxFrom: 'dns',
        from: 'scanner@contoso.com',
        to: '',
        connectorIp: '203.0.113.7',
        spf: 'pass',
      }),
    ).toEqual({
      mxHost: 'contoso-com.mail.protection.outlook.com',
      mxPort: '25',
      from: 'scanner@contoso.com',
      to: '',
      connectorIp: '203.0.113.7',
    })
  })

  it('has no problem when every field is ready', () => {
    expect(Object.values(mxSendProblems(ready, true)).filter(Boolean)).toEqual([])
  })

  it.each<[Partial<MxSendFields>, keyof MxSendFields, string | RegExp]>([
    [{ mxHost: ' ' }, 'mxHost', /^Tenant MX host is needed: the MX record of the customer domain/],
    [{ mxHost: 'mx host!' }, 'mxHost', /^Tenant MX host /],
    [{ mxPort: '' }, 'mxPort', 'Is empty.'],
    [{ mxPort: 'twenty-five' }, 'mxPort', 'Must be a whole number, e.g. 25.'],
    [{ mxPort: '70000' }, 'mxPort', 'Must be between 1 and 65535.'],
    [{ from: 'scanner' }, 'from', /^From /],
    [{ to: '' }, 'to', /^Recipient /],
    [{ connectorIp: 'the office' }, 'connectorIp', 'Connector IP address must be an IP address.'],
  ])('%j: %s says what is wrong', (change, field, message) => {
    const p = mxSendProblems({ ...ready, ...change }, true)
    if (typeof message === 'string') expect(p[field]).toBe(message)
    else expect(p[field]).toMatch(message)
    const others = Object.entries(p).filter(([k, v]) => k !== field && v !== null)
    expect(others).toEqual([])
  })

  it('the connector IP is optional, and not asked for direct send', () => {
    expect(mxSendProblems({ ...ready, connectorIp: '' }, true).connectorIp).toBeNull()
    expect(mxSendProblems({ ...ready, connectorIp: 'the office' }, false).connectorIp).toBeNull()
  })

  it('sends trimmed values, the job in the subject, the connector IP only for relay', () => {
    const job = { customer: 'Contoso Ltd', site: 'Main office' }
    expect(mxSendRequest(ready, 'relay', job, 'not-pass')).toEqual({
      method: 'relay',
      mxHost: 'contoso-com.mail.protection.outlook.com',
      mxPort: 25,
      from: 'scanner@contoso.com',
      to: 'frontdesk@contoso.com',
      connectorIp: '203.0.113.7',
      jobLabel: 'Contoso Ltd, Main office',
      spf: 'not-pass',
    })
    expect(mxSendRequest(ready, 'direct-send', job, 'pass').connectorIp).toBeNull()
    expect(
      mxSendRequest({ ...ready, connectorIp: ' ' }, 'relay', job, 'pass').connectorIp,
    ).toBeNull()
  })
})
