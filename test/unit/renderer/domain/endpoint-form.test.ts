import { describe, expect, it } from 'vitest'

import {
  DEFAULT_ENDPOINT_FIELDS,
  validateEndpoints,
  type EndpointFields,
  endpointsSummary,
} from '../../../../renderer/src/domain/endpoint-form'
import { diagnoseOptionsSchema } from '../../../../shared/schemas/diagnose-options'

const form = (patch: Partial<EndpointFields> = {}): EndpointFields => ({
  ...DEFAULT_ENDPOINT_FIELDS,
  ...patch,
})

describe('endpoint form', () => {
  it('an untouched form asks for exactly what the schema defaults to', () => {
    const v = validateEndpoints(form())
    expect(diagnoseOptionsSchema.parse(v.options)).toEqual(diagnoseOptionsSchema.parse({}))
  })

  it('turns the defaults into options the IPC schema accepts', () => {
    const v = validateEndpoints(form())
    expect(v.firstProblem).toBeNull()
    expect(v.options).toEqual({
      submissionHost: 'smtp.office365.com',
      submissionPort: 587,
      timeoutMs: 8000,
    })
    expect(diagnoseOptionsSchema.safeParse(v.options).success).toBe(true)
  })

  it('trims, converts seconds to whole milliseconds and adds the MX only when given', () => {
    const v = validateEndpoints(
      form({
        submissionHost: ' localhost ',
        submissionPort: ' 2525',
        mxHost: ' contoso-com.mail.protection.outlook.com ',
        timeoutSeconds: '2,5',
      }),
    )
    expect(v.options).toEqual({
      submissionHost: 'localhost',
      submissionPort: 2525,
      mxHost: 'contoso-com.mail.protection.outlook.com',
      timeoutMs: 2500,
    })
    expect(diagnoseOptionsSchema.safeParse(v.options).success).toBe(true)
  })

  it.each([
    ['submissionHost', 'smtp office365', 'Submission host contains a space.'],
    ['submissionHost', '', 'Submission host is empty.'],
    ['submissionHost', 'smtp.office365.com:587', 'Submission host includes a port'],
    ['submissionPort', '0', 'Submission port must be between 1 and 65535.'],
    ['submissionPort', '65536', 'Submission port must be between 1 and 65535.'],
    ['submissionPort', '58 7', 'Submission port must be a whole number.'],
    ['submissionPort', '', 'Submission port is empty.'],
    ['mxHost', 'https://contoso.com', 'Tenant MX host is a URL'],
    ['timeoutSeconds', 'abc', 'Timeout (seconds) must be a number of seconds.'],
    ['timeoutSeconds', '0.01', 'Timeout (seconds) must be between 0.1 and 120 seconds.'],
    ['timeoutSeconds', '121', 'Timeout (seconds) must be between 0.1 and 120 seconds.'],
  ] as const)('%s = %j is refused: %s', (field, value, message) => {
    const v = validateEndpoints(form({ [field]: value }))
    expect(v.problems[field]).toContain(message)
    expect(v.firstProblem).toContain(message)
    expect(v.options).toBeNull()
  })

  it.each([
    [
      'domain',
      'scanner@contoso.com',
      'Customer mail domain is an email address; give only the domain',
    ],
    ['domain', 'contoso', 'Customer mail domain is not a domain name, e.g. contoso.com.'],
    ['dnsServer', 'dns.contoso.com', 'DNS server must be an IP address'],
    ['dnsServer', '192.0.2.53:0', 'DNS server has a port outside 1–65535.'],
  ] as const)('optional %s = %j is refused when typed: %s', (field, value, message) => {
    const v = validateEndpoints(form({ [field]: value }))
    expect(v.problems[field]).toContain(message)
    expect(v.options).toBeNull()
  })

  it('sends the domain (normalised) and the DNS server only when given', () => {
    const v = validateEndpoints(form({ domain: ' Contoso.COM. ', dnsServer: ' 192.0.2.53:5353 ' }))
    expect(v.firstProblem).toBeNull()
    expect(v.options).toMatchObject({ domain: 'contoso.com', dnsServer: '192.0.2.53:5353' })
    expect(diagnoseOptionsSchema.safeParse(v.options).success).toBe(true)
    const blank = validateEndpoints(form({ domain: '  ', dnsServer: ' ' }))
    expect(blank.options).not.toHaveProperty('domain')
    expect(blank.options).not.toHaveProperty('dnsServer')
  })

  it('reports the domain first and the DNS server (under Advanced) last', () => {
    const v = validateEndpoints(form({ domain: 'a@b.c', dnsServer: 'x', timeoutSeconds: 'x' }))
    expect(v.firstProblem).toMatch(/^Customer mail domain /)
    expect(validateEndpoints(form({ dnsServer: 'x', timeoutSeconds: 'x' })).firstProblem).toMatch(
      /^Timeout/,
    )
  })

  it('reports the first problem in form order', () => {
    const v = validateEndpoints(form({ timeoutSeconds: 'x', submissionPort: '0' }))
    expect(v.firstProblem).toBe('Submission port must be between 1 and 65535.')
    expect(v.problems.timeoutSeconds).not.toBeNull()
  })
})

describe('endpointsSummary', () => {
  it('says in one line what the folded form holds, optional fields only when set', () => {
    expect(endpointsSummary(DEFAULT_ENDPOINT_FIELDS)).toBe('smtp.office365.com:587 · 8 s per step')
    expect(
      endpointsSummary({
        ...DEFAULT_ENDPOINT_FIELDS,
        domain: 'contoso.com',
        dnsServer: '192.0.2.53',
      }),
    ).toBe(
      'smtp.office365.com:587 · domain contoso.com · MX from DNS · 8 s per step · DNS server 192.0.2.53',
    )
    expect(
      endpointsSummary({
        ...DEFAULT_ENDPOINT_FIELDS,
        mxHost: 'contoso-com.mail.protection.outlook.com',
      }),
    ).toBe('smtp.office365.com:587 · MX contoso-com.mail.protection.outlook.com · 8 s per step')
  })
})
