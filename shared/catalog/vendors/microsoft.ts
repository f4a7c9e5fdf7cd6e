/**
 * Microsoft-side sources the vendor files share.
 *
 * Several TLS 1.2 facts are derived rather than stated by the vendor: when the vendor's own
 * document has the device send through Microsoft 365 / Exchange Online (its OAuth option), the
 * firmware with that option must speak TLS 1.2, because Microsoft accepts only TLS 1.2 or later
 * on smtp.office365.com (TLS 1.0/1.1 clients get 421 4.7.66 unless the tenant opts in to the
 * separate smtp-legacy.office365.com endpoint). Such a fact is never rated above the OAuth fact it
 * rests on, is one step lower, and says so in its note; the first firmware with TLS 1.2 stays
 * unknown (null).
 */

/** Microsoft Learn: TLS 1.0/1.1 are refused on the SMTP AUTH endpoints; the opt-in legacy endpoint. */
export const MS_SMTP_AUTH_TLS12 =
  'https://learn.microsoft.com/en-us/exchange/clients-and-mobile-in-exchange-online/opt-in-exchange-online-endpoint-for-legacy-tls-using-smtp-auth'

/** The note every derived TLS 1.2 fact carries; `what` names the vendor document it rests on. */
export function derivedTls12Note(what: string): string {
  return (
    `Derived, not stated by the vendor: ${what} has the device send through Microsoft 365 / ` +
    'Exchange Online, and Microsoft accepts only TLS 1.2 or later on smtp.office365.com (421 ' +
    '4.7.66 for TLS 1.0/1.1). So firmware with that option speaks TLS 1.2; older firmware may ' +
    'not, and the first firmware with TLS 1.2 is not published. Update the firmware first and ' +
    "let the app's TLS check confirm."
  )
}
