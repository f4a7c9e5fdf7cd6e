/**
 * Reply-explainer rules without an enhanced code: documented texts first, then the basic code
 * alone where it says what happened (535: the sign-in was refused; 421: the server is closing).
 */
import type { ReplyRule } from './reply-rule'
import { NDR_PAGE, RFC4954_ERRORS } from './reply-sources'

// Order matters within each kind (enhanced code, then text, then basic code): a rule that needs
// a text comes before the rule for the same code without one. explain-reply keeps this order.
export const TEXT_AND_CODE_RULES: ReplyRule[] = [
  // --- Texts without an enhanced code -------------------------------------------------------------
  {
    // NDR table, no code: "The message can't be submitted because the sender's submission quota
    // was exceeded" (10,000 recipients per day).
    text: /sender's submission quota was exceeded/i,
    gate: 'quota',
    title: 'Daily sending limit reached',
    meaning:
      "The mailbox reached Exchange Online's limit of 10,000 recipients in 24 hours; it cannot send until the 24 hours have passed.",
    fix: 'Wait until the 24 hours have passed. If the device did not send that much, the account may be compromised: reset its password and have the admin check it.',
    source: NDR_PAGE('fix-error-for-submission-quota-exceeded-in-exchange-online'),
  },
  {
    code: 454,
    text: /TLS not available/i,
    gate: 'tls-unavailable',
    title: 'TLS not available right now',
    meaning: 'The server could not start TLS at the moment.',
    fix: 'Try again in a few minutes; if it keeps happening, something on the network is interfering with TLS.',
    source: 'https://www.rfc-editor.org/rfc/rfc3207#section-4',
  },
  {
    // RFC 5321 §4.3.2: "554 No SMTP service here" in the greeting. Any other 554 (a failed
    // transaction, a policy) is explained by its enhanced code, or by its class.
    code: 554,
    text: /no SMTP service/i,
    gate: 'no-service',
    title: 'The server refuses service',
    meaning: 'The server will not serve this connection at all (554 = "no SMTP service here").',
    fix: 'Read the reply text: it usually names the reason (a blocklisted IP, a policy). Check the public IP of this site and the host name.',
    source: 'https://www.rfc-editor.org/rfc/rfc5321#section-4.3.2',
  },

  // --- The basic code alone, where it says what happened --------------------------------------------
  {
    // Any other 535: the sign-in was refused, whatever the server's wording (RFC 4954 §6).
    code: 535,
    gate: 'wrong-credentials',
    title: 'The sign-in was refused',
    meaning: 'The server refused the user name and password (or token) it was given.',
    fix: 'Check the user name (the full address) and retype the password; with OAuth, sign in again. Then read the reply text for what the server objects to.',
    source: RFC4954_ERRORS,
  },
  {
    code: 421,
    gate: 'service-unavailable',
    title: 'The server is closing the connection',
    meaning: 'The server is closing the connection (421 = service not available right now).',
    fix: 'Try again in a few minutes; if it repeats, read the reply text for the reason.',
    source: 'https://www.rfc-editor.org/rfc/rfc5321#section-3.8',
  },
]
