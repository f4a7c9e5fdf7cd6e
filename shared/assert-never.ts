/** Exhaustiveness guard for `switch` over `kind` unions: a new member fails the type check here. */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`Unhandled ${what}: ${JSON.stringify(value)}`)
}
