/**
 * Reply-explainer rules for connectors, direct send and reputation: connector mismatches, Reject
 * Direct Send, IP reputation and bans, blocklists, SPF/DMARC, IPv6 rules, relaying refused.
 */
import type { ReplyRule } from './reply-rule'
import { NDR, NDR_PAGE, REJECT_DIRECT_SEND } from './reply-sources'

// Order matters within each kind (enhanced code, then text, then basic code): a rule that needs
// a text comes before the rule for the same code without one. explain-reply keeps this order.
export const CONNECTOR_RULES: ReplyRule[] = [
  {
    enhanced: '5.7.64',
    gate: 'connector-mismatch',
    title: 'The relay connector does not match this site',
    meaning:
      "TenantAttribution: the site's public IP (or certificate) is not the one the inbound connector names.",
    fix: "Update the connector (and SPF) with this site's public IP as Exchange Online sees it (see the site checks).",
    source: NDR,
  },
  {
    // "550 5.7.51 TenantInboundAttribution; There is a partner connector configured that matched
    // the message's recipient domain. The connector had either the RestrictDomainsToIPAddresses or
    // RestrictDomainsToCertificate set". Not in Microsoft's NDR table; wording from message-trace
    // logs and a mail-filtering vendor's KB (medium confidence).
    enhanced: '5.7.51',
    gate: 'connector-mismatch',
    title: 'A partner connector only accepts mail from its gateway',
    meaning:
      "TenantInboundAttribution: a partner inbound connector for the recipient's domain accepts mail only from certain IP addresses or a certificate (RestrictDomainsToIPAddresses / RestrictDomainsToCertificate), and this site is neither: the domain's mail is meant to come through a filtering gateway in front of Microsoft 365.",
    fix: "Send through the gateway that connector names, or have the admin add this site's public IP as Exchange Online sees it (or the device's certificate) to a connector for it; client submission with a sign-in is not affected.",
    source:
      'https://documentation.n-able.com/mail-assure/troubleshooting/Content/kb/ERROR-550-5-7-51-TenantInboundAttribution-domain-either-RestrictDomainsToIPAddresses-or-RestrictDomainsToCertificate-set.htm',
  },
  {
    enhanced: '4.4.62',
    gate: 'connector-mismatch',
    title: 'Mail sent to the wrong Office 365 region',
    meaning: 'The connection did not match the connector it was meant for.',
    fix: "Check the connector's IP address or certificate against this site's.",
    source: NDR,
  },
  {
    enhanced: '5.7.68',
    gate: 'reject-direct-send',
    title: 'The tenant rejects direct send',
    meaning:
      "Reject Direct Send is on: anonymous mail from the tenant's own domains is refused unless it comes through a partner connector.",
    fix: 'Set up a partner inbound connector for the site, or use client submission.',
    powershell: 'Get-OrganizationConfig | Format-List RejectDirectSend',
    source: REJECT_DIRECT_SEND,
  },
  {
    enhanced: '5.7.708',
    gate: 'ip-reputation',
    title: 'Traffic not accepted from this IP',
    meaning:
      'Microsoft 365 does not accept mail from this address (low reputation, typical for new or trial tenants).',
    fix: 'Open a support case with Microsoft for an exception, or use client submission.',
    source: NDR,
  },
  {
    enhanced: '5.7.705',
    gate: 'tenant-threshold',
    title: 'The tenant is blocked from sending',
    meaning: 'The tenant exceeded its outbound spam threshold.',
    fix: 'The admin finds and fixes the compromised account, then contacts Microsoft support.',
    source: NDR,
  },
  {
    enhanced: '5.7.750',
    gate: 'unregistered-domain',
    title: 'Sending from a domain the tenant does not own',
    meaning: 'The From domain is not an accepted domain of the tenant.',
    fix: "Use an address in one of the tenant's accepted domains, or add and verify the domain.",
    source: NDR,
  },
  {
    enhanced: ['4.7', 500, 699],
    gate: 'throttling',
    title: 'Greylisted for now',
    meaning:
      'Microsoft 365 is throttling a new or changed sender address ("Access denied, please try again later").',
    fix: 'Wait and retry; a connector for the site stops it recurring.',
    source: NDR,
  },
  {
    enhanced: ['4.7', 850, 899],
    gate: 'throttling',
    title: 'This IP is restricted for now',
    meaning: 'The address is temporarily restricted.',
    fix: 'Wait and retry later.',
    source: NDR,
  },
  {
    // Microsoft's 5.7.1 page: "5.7.1 Service unavailable; Client host [x] blocked using Blocklist
    // 1; To request removal from this list please forward this message to
    // delist@messaging.microsoft.com"; Outlook.com's "...part of their network is on our block
    // list (AS3150)".
    enhanced: '5.7.1',
    text: /Blocklist 1|blocked using|block ?list|banned/i,
    gate: 'blocklist',
    title: "This site's address is blocklisted",
    meaning: "The server refused this network's public IP: it is on a blocklist.",
    fix: "Find the cause (an infected machine, a shared address), then request removal: Microsoft's list at https://sender.office.com (or forward the refusal to delist@messaging.microsoft.com), other lists on their own sites.",
    source: NDR_PAGE('fix-error-code-550-5-7-1-in-exchange-online'),
  },
  {
    enhanced: ['5.7', 606, 649],
    gate: 'banned',
    title: 'Sending IP banned',
    meaning: "Microsoft 365 banned this site's sending address.",
    fix: 'Request delisting at https://sender.office.com after fixing the cause.',
    source: NDR,
  },
  {
    // NDR table: 5.7.511 "Access denied, banned sender": "The IP that you're attempting to send
    // from has been banned." "To delist the address, email delist@microsoft.com and provide the
    // full NDR code and IP address."
    enhanced: '5.7.511',
    gate: 'banned',
    title: 'Sending IP banned',
    meaning: 'Microsoft 365 banned the IP address this site sends from.',
    fix: 'After fixing the cause, email delist@microsoft.com with the full refusal (the 5.7.511 line) and the public IP address; for this code Microsoft asks for an email rather than the delist portal.',
    source: NDR,
  },
  {
    enhanced: '5.7.23',
    gate: 'spf-dmarc',
    title: 'SPF failed',
    meaning:
      "The recipient's server refused the mail because the sending address is not in the domain's SPF record.",
    fix: "Publish the SPF record from the site checks (with this site's address).",
    source: NDR,
  },
  {
    enhanced: '5.7.509',
    gate: 'spf-dmarc',
    title: 'DMARC failed',
    meaning: 'The mail failed DMARC for a domain whose policy is reject.',
    fix: "Make SPF pass for the site's address (or sign with DKIM through Microsoft 365).",
    source: NDR,
  },
  {
    // "550 5.7.515 Access denied, sending domain <domain> does not meet the required
    // authentication level." Outlook.com and Microsoft's consumer mail, for domains that send it
    // 5,000 or more messages: SPF and DKIM must pass and DMARC be published and pass.
    enhanced: '5.7.515',
    gate: 'spf-dmarc',
    title: "The From domain does not pass the recipient's authentication requirements",
    meaning:
      "The recipient's mail service (Outlook.com, Hotmail and Microsoft's other consumer mail) requires the From domain to pass SPF and DKIM and to publish a DMARC record that passes; this message did not.",
    fix: 'The domain admin publishes SPF for every path the domain sends from, turns on DKIM signing for the domain in Microsoft 365, and publishes a DMARC record (p=none is enough to start). The refusal names which check failed.',
    source:
      'https://support.microsoft.com/en-au/topic/fix-ndr-error-550-5-7-515-in-outlook-com-34cfe8f8-6fbf-457e-9e8b-9e4dbaf4e0ef',
  },
  {
    enhanced: '4.7.26',
    gate: 'ipv6-rules',
    title: 'IPv6 mail must pass SPF or DKIM',
    meaning: 'Mail over IPv6 must pass SPF or DKIM.',
    fix: "Add the site's IPv6 address to SPF, or make the device use IPv4.",
    source: NDR,
  },
  {
    enhanced: '5.7.25',
    gate: 'ipv6-rules',
    title: 'IPv6 sender needs reverse DNS',
    meaning: 'The sending IPv6 address has no reverse DNS (PTR) record.',
    fix: 'Ask the ISP for a PTR record for the address, or make the device use IPv4.',
    source: NDR,
  },
  {
    enhanced: '5.7.1',
    text: /unable to relay|relay access denied/i,
    gate: 'relay-denied',
    title: 'Relaying refused',
    meaning:
      'The server would not accept mail for this recipient from this client: it is not the final destination for the domain, and the client is not allowed to relay through it.',
    fix: "Sign in (client submission), or send only to the tenant's own recipients (direct send), or set up a relay connector.",
    source: NDR,
  },
  {
    // NDR table: 5.7.1 "Client was not authenticated": the receiving system requires
    // authentication before message submission.
    enhanced: '5.7.1',
    text: /not authenticated/i,
    gate: 'not-authenticated',
    title: 'Not signed in',
    meaning: 'The server accepts mail only after a sign-in, and the device sent without one.',
    fix: 'Enter the mailbox credentials with STARTTLS (smtp.office365.com:587 for Microsoft 365), or send to the tenant MX for direct send.',
    source: NDR,
  },
]
