/**
 * Exchange Online (and generic SMTP) replies in plain words, with the fix. Exact texts and
 * meanings: Microsoft's NDR and SMTP AUTH articles, summarised with sources in
 * ../shared/reference/m365-and-tools.md §B.6–B.7. Later issues extend the table (AUTH, send).
 */
export interface ReplyExplanation {
  meaning: string
  fix: string
  source: string
}

interface Rule {
  code?: number
  enhanced?: string
  text?: RegExp
  explain: ReplyExplanation
}

const MS_NDR =
  'https://learn.microsoft.com/en-us/troubleshoot/exchange/email-delivery/ndr/non-delivery-reports-in-exchange-online'
const MS_LEGACY_TLS =
  'https://learn.microsoft.com/en-us/exchange/clients-and-mobile-in-exchange-online/opt-in-exchange-online-endpoint-for-legacy-tls-using-smtp-auth'

const RULES: Rule[] = [
  {
    code: 421,
    enhanced: '4.7.66',
    explain: {
      meaning:
        'Microsoft 365 refuses TLS 1.0 and 1.1 on smtp.office365.com: the client must use TLS 1.2 or newer.',
      fix: 'Update the device firmware to one that supports TLS 1.2. Only if that is impossible: the tenant admin can opt in to smtp-legacy.office365.com (Set-TransportConfig -AllowLegacyTLSClients $true), which is also subject to the Basic-auth retirement.',
      source: MS_LEGACY_TLS,
    },
  },
  {
    code: 454,
    explain: {
      meaning: 'The server could not start TLS right now (temporary).',
      fix: 'Run the check again in a few minutes. If it keeps happening, something between this network and Microsoft 365 is interfering with TLS: ask the site IT about SMTP or TLS inspection.',
      source: 'https://www.rfc-editor.org/rfc/rfc3207#section-4',
    },
  },
  {
    code: 451,
    enhanced: '5.7.3',
    explain: {
      meaning: 'The server requires STARTTLS before anything else is sent.',
      fix: 'Turn on STARTTLS ("TLS", "Use SSL/TLS: STARTTLS") on the device for port 587.',
      source: MS_NDR,
    },
  },
  {
    code: 530,
    enhanced: '5.7.57',
    explain: {
      meaning: 'The server wants the client to sign in (SMTP AUTH) before sending.',
      fix: 'Enter the mailbox credentials with STARTTLS on smtp.office365.com:587, or, for direct send, point the device at the tenant MX endpoint (…mail.protection.outlook.com) on port 25 instead.',
      source: MS_NDR,
    },
  },
  {
    enhanced: '5.7.1',
    text: /block(ed)? using|blocklist|blacklist|spamhaus|banned/i,
    explain: {
      meaning: "The server refused this network's public IP address: it is on a blocklist.",
      fix: "Check the site's public IP on the blocklists named in the reply and request removal; for Microsoft's own list use the delist portal at https://sender.office.com.",
      source: MS_NDR,
    },
  },
  {
    code: 554,
    explain: {
      meaning: 'The server refuses to serve this connection at all (554 = "no SMTP service here").',
      fix: 'Read the text of the reply: it usually names the reason (a blocklisted IP, a policy). Check the public IP of this site and whether the host name is right.',
      source: 'https://www.rfc-editor.org/rfc/rfc5321#section-4.3.2',
    },
  },
  {
    code: 421,
    explain: {
      meaning: 'The server is closing the connection (421 = service not available right now).',
      fix: 'Run the check again in a few minutes. If it repeats, the server may be throttling or refusing this network; read the reply text for the reason.',
      source: 'https://www.rfc-editor.org/rfc/rfc5321#section-3.8',
    },
  },
]

export function explainReply(
  code: number,
  enhanced: string | null,
  text: string,
): ReplyExplanation | null {
  for (const r of RULES) {
    if (r.code !== undefined && r.code !== code) continue
    if (r.enhanced !== undefined && r.enhanced !== enhanced) continue
    if (r.text && !r.text.test(text)) continue
    return r.explain
  }
  return null
}
