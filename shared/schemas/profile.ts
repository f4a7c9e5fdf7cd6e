/** Runtime schema of a mailbox profile as it crosses IPC (main only: zod). */
import { z } from 'zod'

import { emailProblem, hostProblem } from '../host-syntax'

const email = z
  .string()
  .max(254)
  .transform((s) => s.trim())
  .superRefine((s, ctx) => {
    const p = emailProblem(s)
    if (p) ctx.addIssue({ code: 'custom', message: p })
  })

export const profileIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9-]{8,64}$/, 'must be 8–64 letters, digits or dashes')

export const mailboxProfileSchema = z
  .object({
    id: profileIdSchema,
    name: z.string().trim().min(1, 'is empty').max(120, 'is longer than 120 characters'),
    purpose: z.enum(['device', 'office-reports']),
    address: email,
    username: z
      .string()
      .trim()
      .min(1, 'is empty')
      .max(254)
      .refine((s) => !/[\r\n]/.test(s), 'has a line break'),
    method: z.enum(['basic', 'oauth']),
    host: z
      .string()
      .max(255)
      .transform((s) => s.trim())
      .superRefine((s, ctx) => {
        const p = hostProblem(s)
        if (p) ctx.addIssue({ code: 'custom', message: p })
      }),
    port: z
      .number()
      .int()
      .min(1, 'must be between 1 and 65535')
      .max(65535, 'must be between 1 and 65535'),
    oauth: z
      .object({
        clientId: z
          .string()
          .regex(
            /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
            'must be an app (client) id, a GUID',
          ),
        tenant: z.string().trim().min(1).max(253),
      })
      .strict()
      .nullable(),
  })
  .strict()
  .refine((p) => p.method !== 'oauth' || p.oauth !== null, {
    message: 'an OAuth profile needs an app (client) id and tenant',
    path: ['oauth'],
  })

/** A password or token sent once from the renderer to be stored; never sent back. */
export const secretSchema = z
  .string()
  .min(1, 'is empty')
  .max(16 * 1024, 'is longer than 16 KB')

/**
 * The saved Microsoft sign-in as main shows it to the renderer: the account and the time of the
 * last refresh, nothing else (strict: a token or any other key is refused, not passed on).
 */
export const oauthSignInViewSchema = z
  .object({
    account: z.string().min(1).max(254),
    refreshedAt: z.iso.datetime().nullable(),
  })
  .strict()
