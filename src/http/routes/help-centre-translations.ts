import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createTranslation } from '../../domain/help-centre/create-translation.ts';
import { deleteTranslation } from '../../domain/help-centre/delete-translation.ts';
import { listTranslations, readTranslation } from '../../domain/help-centre/read-structure.ts';
import { updateTranslation } from '../../domain/help-centre/update-translation.ts';
import type { HcSourceType } from '../../shared/help-centre.ts';
import { TranslationCreateSchema, TranslationUpdateSchema } from '../../shared/help-centre-kb.ts';
import { idParam, parseRoot } from '../body.ts';
import { presentTranslation } from '../presenters/help-centre.ts';

// Translations of articles, sections and categories (docs/help-centre.md, "Translations and
// revisions"), Zendesk's paths: every save keeps the text it replaced as a revision.

type Params = { Params: { id: string; locale?: string } };

const KINDS: [string, HcSourceType][] = [
  ['articles', 'article'],
  ['sections', 'section'],
  ['categories', 'category'],
];

export default async function routes(app: FastifyInstance): Promise<void> {
  for (const [plural, type] of KINDS) {
    app.get<Params>(`/help_center/${plural}/:id/translations`, async (req) => {
      const r = await listTranslations(req.ctx, { type, sourceId: idParam(req.params.id) });
      return { translations: r.translations.map((t) => presentTranslation(req, t)), count: r.translations.length, next_page: null, previous_page: null };
    });

    app.get<Params>(`/help_center/${plural}/:id/translations/:locale`, async (req) => ({
      translation: presentTranslation(req, await readTranslation(req.ctx, { type, sourceId: idParam(req.params.id), locale: req.params.locale! })),
    }));

    app.post<Params>(`/help_center/${plural}/:id/translations`, async (req: FastifyRequest<Params>, reply: FastifyReply) => {
      const sourceId = idParam(req.params.id);
      const b = parseRoot(TranslationCreateSchema, 'translation', req.body);
      await createTranslation(req.ctx, { type, sourceId, locale: b.locale, title: b.title, body: b.body, draft: b.draft, outdated: b.outdated });
      reply.code(201);
      return { translation: presentTranslation(req, await readTranslation(req.ctx, { type, sourceId, locale: b.locale })) };
    });

    app.put<Params>(`/help_center/${plural}/:id/translations/:locale`, async (req) => {
      const sourceId = idParam(req.params.id);
      const b = parseRoot(TranslationUpdateSchema, 'translation', req.body);
      await updateTranslation(req.ctx, { type, sourceId, locale: req.params.locale!, title: b.title, body: b.body, draft: b.draft, outdated: b.outdated });
      return { translation: presentTranslation(req, await readTranslation(req.ctx, { type, sourceId, locale: req.params.locale! })) };
    });
  }

  app.delete<Params>('/help_center/translations/:id', async (req, reply) => {
    await deleteTranslation(req.ctx, { id: idParam(req.params.id) });
    reply.code(204);
  });
}
