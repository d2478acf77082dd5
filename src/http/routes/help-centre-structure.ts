import type { FastifyInstance, FastifyRequest } from 'fastify';
import { createCategory } from '../../domain/help-centre/create-category.ts';
import { createSection } from '../../domain/help-centre/create-section.ts';
import { deleteCategory } from '../../domain/help-centre/delete-category.ts';
import { deleteSection } from '../../domain/help-centre/delete-section.ts';
import { listCategoryViews, listSectionViews, readCategory, readSection } from '../../domain/help-centre/read-structure.ts';
import { updateCategory } from '../../domain/help-centre/update-category.ts';
import { updateSection } from '../../domain/help-centre/update-section.ts';
import { CategoryCreateSchema, CategoryUpdateSchema, SectionCreateSchema, SectionUpdateSchema } from '../../shared/help-centre-kb.ts';
import { idParam, parseRoot } from '../body.ts';
import { presentCategory, presentSection } from '../presenters/help-centre.ts';
import { hcPage, pageLinks, pathLocale } from './help-centre-common.ts';

// Categories and sections of the knowledge base (docs/help-centre.md, "API"): Zendesk's
// paths, GETs also under /help_center/{locale}/…. Reads are for staff; writes for admins
// (the actions authorize).

type Id = { Params: { id: string; locale?: string } };

export default async function routes(app: FastifyInstance): Promise<void> {
  const categories = async (req: FastifyRequest) => {
    const p = hcPage(req);
    const all = (await listCategoryViews(req.ctx, { locale: pathLocale(req) })).map((v) => presentCategory(req, v));
    return { categories: all.slice((p.page - 1) * p.perPage, p.page * p.perPage), ...pageLinks(req, p, all.length) };
  };
  app.get('/help_center/categories', categories);
  app.get('/help_center/:locale/categories', categories);

  const category = async (req: FastifyRequest<Id>) => ({ category: presentCategory(req, await readCategory(req.ctx, { id: idParam(req.params.id), locale: pathLocale(req) })) });
  app.get<Id>('/help_center/categories/:id', category);
  app.get<Id>('/help_center/:locale/categories/:id', category);

  app.post('/help_center/categories', async (req, reply) => {
    const b = parseRoot(CategoryCreateSchema, 'category', req.body);
    const id = await createCategory(req.ctx, { name: b.name, description: b.description, locale: b.locale, position: b.position });
    reply.code(201);
    return { category: presentCategory(req, await readCategory(req.ctx, { id })) };
  });

  app.put<Id>('/help_center/categories/:id', async (req) => {
    const id = idParam(req.params.id);
    const b = parseRoot(CategoryUpdateSchema, 'category', req.body);
    await updateCategory(req.ctx, { id, position: b.position, sourceLocale: b.source_locale });
    return { category: presentCategory(req, await readCategory(req.ctx, { id })) };
  });

  app.delete<Id>('/help_center/categories/:id', async (req, reply) => {
    await deleteCategory(req.ctx, { id: idParam(req.params.id) });
    reply.code(204);
  });

  const sections = async (req: FastifyRequest<{ Params: { id?: string; locale?: string } }>) => {
    const p = hcPage(req);
    const categoryId = req.params.id === undefined ? undefined : idParam(req.params.id);
    const all = (await listSectionViews(req.ctx, { categoryId, locale: pathLocale(req) })).map((v) => presentSection(req, v));
    return { sections: all.slice((p.page - 1) * p.perPage, p.page * p.perPage), ...pageLinks(req, p, all.length) };
  };
  app.get('/help_center/sections', sections);
  app.get('/help_center/:locale/sections', sections);
  app.get('/help_center/categories/:id/sections', sections);
  app.get('/help_center/:locale/categories/:id/sections', sections);

  const section = async (req: FastifyRequest<Id>) => ({ section: presentSection(req, await readSection(req.ctx, { id: idParam(req.params.id), locale: pathLocale(req) })) });
  app.get<Id>('/help_center/sections/:id', section);
  app.get<Id>('/help_center/:locale/sections/:id', section);

  const create = async (req: FastifyRequest<Id>, reply: import('fastify').FastifyReply) => {
    const categoryId = idParam(req.params.id);
    const b = parseRoot(SectionCreateSchema, 'section', req.body);
    const id = await createSection(req.ctx, { categoryId, name: b.name, description: b.description, locale: b.locale ?? pathLocale(req), position: b.position, parentSectionId: b.parent_section_id });
    reply.code(201);
    return { section: presentSection(req, await readSection(req.ctx, { id })) };
  };
  app.post<Id>('/help_center/categories/:id/sections', create);
  app.post<Id>('/help_center/:locale/categories/:id/sections', create);

  app.put<Id>('/help_center/sections/:id', async (req) => {
    const id = idParam(req.params.id);
    const b = parseRoot(SectionUpdateSchema, 'section', req.body);
    await updateSection(req.ctx, { id, position: b.position, categoryId: b.category_id, parentSectionId: b.parent_section_id, sourceLocale: b.source_locale });
    return { section: presentSection(req, await readSection(req.ctx, { id })) };
  });

  app.delete<Id>('/help_center/sections/:id', async (req, reply) => {
    await deleteSection(req.ctx, { id: idParam(req.params.id) });
    reply.code(204);
  });
}
