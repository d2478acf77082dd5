import { z } from 'zod';
import type { Ctx } from '../context.ts';
import { readSettings, writeSettings } from '../db/queries/settings.ts';
import { authorize, canAdminister } from './policy.ts';
import { recordEvent } from './events.ts';

/** Account settings with their defaults (SPEC.md §2–§3). */
export const SettingsSchema = z.object({
  deleted_users_retention_days: z.number().int().min(1).max(3650).default(30),
  deleted_tickets_retention_days: z.number().int().min(1).max(3650).default(30),
  spam_retention_days: z.number().int().min(1).max(3650).default(30),
  solved_to_closed_days: z.number().int().min(1).max(365).default(4),
});
export type Settings = z.infer<typeof SettingsSchema>;
export const SettingsUpdateSchema = SettingsSchema.partial().strict();
export type SettingsUpdate = z.infer<typeof SettingsUpdateSchema>;

/** The settings in force: stored values over the defaults. */
export async function getSettings(ctx: Pick<Ctx, 'db'>): Promise<Settings> {
  const stored = await readSettings(ctx.db);
  const known: Record<string, unknown> = {};
  for (const key of Object.keys(SettingsSchema.shape)) {
    if (key in stored) known[key] = stored[key];
  }
  return SettingsSchema.parse(known);
}

/** Changes some settings (admins only). */
export async function updateSettings(ctx: Ctx, input: SettingsUpdate): Promise<Settings> {
  authorize(canAdminister(ctx.actor!));
  await ctx.db.transaction().execute(async (trx) => {
    await writeSettings(trx, input, ctx.now().toISOString());
    await recordEvent(ctx, trx, {
      action: 'settings.updated',
      subjectType: 'account',
      subjectId: null,
      details: { fields: Object.keys(input) },
    });
  });
  return getSettings(ctx);
}
