import type { FastifyInstance } from 'fastify';
import { getSettings, SettingsUpdateSchema, updateSettings } from '../../domain/settings.ts';
import { authorize, canWorkTickets } from '../../domain/policy.ts';
import { parseRoot } from '../body.ts';

/** Account settings: retention periods, solved-to-closed days, support addresses and SMTP relay (password masked). Admins change them. */
export default async function routes(app: FastifyInstance): Promise<void> {
  app.get('/account/settings', async (req) => {
    authorize(canWorkTickets(req.ctx.actor!));
    return { settings: await getSettings(req.ctx) };
  });
  app.put('/account/settings', async (req) => {
    const input = parseRoot(SettingsUpdateSchema, 'settings', req.body);
    return { settings: await updateSettings(req.ctx, input) };
  });
}
