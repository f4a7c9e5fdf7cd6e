/**
 * Every configuration field key, and every plan the catalogue can produce: for the tests that
 * check fields are found by key (plans, the report and its JSON Schema).
 */
import { CATALOG } from '../../shared/catalog'
import { configurationPlan } from '../../shared/configure/plan'
import type { ConfigFieldKey, ConfigStep, PlanInput } from '../../shared/configure/plan-types'
import type { MethodId } from '../../shared/decision/types'

// A Record, so the compiler says when a key is added to ConfigFieldKey and not here.
const KEYS: Record<ConfigFieldKey, true> = {
  server: true,
  port: true,
  security: true,
  authentication: true,
  username: true,
  password: true,
  fromAddress: true,
  powershell: true,
  'spf-record': true,
  'connector-from': true,
  'connector-to': true,
  'connector-identify-by': true,
  'connector-ip': true,
  'relay-config': true,
  'relay-command': true,
}
export const CONFIG_FIELD_KEYS = Object.keys(KEYS) as ConfigFieldKey[]

const METHODS: Record<MethodId, true> = {
  'client-submission-oauth': true,
  'client-submission-basic': true,
  'direct-send': true,
  'smtp-relay': true,
  'high-volume-email': true,
}
export const ALL_METHODS = Object.keys(METHODS) as MethodId[]

/**
 * Every catalogue family × method × the inputs that change a plan's fields (port, MX host known
 * or not, public IP, SPF record, sender address typed or not).
 */
export function everyPlan(): { input: PlanInput; steps: ConfigStep[] }[] {
  const plans: { input: PlanInput; steps: ConfigStep[] }[] = []
  for (const family of CATALOG)
    for (const method of ALL_METHODS)
      for (const port of [587, 25] as const)
        for (const mxHost of [null, 'contoso-com.mail.protection.outlook.com'])
          for (const publicIp of [null, '203.0.113.7'])
            for (const spfRecord of [null, 'v=spf1 ip4:203.0.113.7 -all'])
              for (const senderAddress of ['', 'scanner@contoso.com']) {
                const input: PlanInput = {
                  method,
                  port,
                  family,
                  domain: 'contoso.com',
                  senderAddress,
                  mxHost,
                  publicIp,
                  spfRecord,
                }
                plans.push({ input, steps: configurationPlan(input) })
              }
  return plans
}
