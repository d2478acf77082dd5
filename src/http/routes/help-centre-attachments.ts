import { isMultipart, readMultipart } from '../multipart.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { deleteArticleAttachment } from '../../domain/help-centre/delete-article-attachment.ts';
import { listArticleAttachments, readArticleAttachment } from '../../domain/help-centre/read-attachments.ts';
import { uploadArticleAttachment } from '../../domain/help-centre/upload-article-attachment.ts';
import { AppError, invalidField } from '../../errors.ts';
import { optionalParam } from '../../shared/query.ts';
import { idParam } from '../body.ts';
import { presentArticleAttachment } from '../presenters/help-centre.ts';
import { parseQuery } from '../query.ts';

// Article attachments (docs/help-centre.md, "Attachments"), Zendesk's paths: a multipart
// form with `file` and `inline` (true for an image shown in the body). Oubli also takes the
// file as the raw body with ?file_name=…&inline=true, as POST /uploads does.

type Id = { Params: { id: string } };

const RawQuery = z
  .object({
    file_name: optionalParam(z.string().max(255)),
    filename: optionalParam(z.string().max(255)),
    inline: optionalParam(z.enum(['true', 'false'], { error: 'must be true or false' })),
  })
  .loose();

interface Incoming {
  fileName: string;
  contentType?: string;
  inline: boolean;
  data: Buffer;
}

/** The file of a request: a multipart form's `file` (and `inline`), or the raw body. */
async function incomingFile(req: FastifyRequest): Promise<Incoming> {
  const type = String(req.headers['content-type'] ?? '');
  const raw = Buffer.isBuffer(req.body) ? req.body : null;
  if (isMultipart(req)) {
    const form = await readMultipart(req, raw ? 'The multipart form could not be read.' : 'Send the file as multipart/form-data with a "file" field.');
    const file = form.get('file');
    if (!file || typeof file === 'string') throw invalidField('file', 'File: send the file in a "file" field.');
    const inline = form.get('inline');
    if (inline !== null && inline !== 'true' && inline !== 'false') throw invalidField('inline', 'Inline: must be true or false.');
    return { fileName: file.name, contentType: file.type || undefined, inline: inline === 'true', data: Buffer.from(await file.arrayBuffer()) };
  }
  const q = parseQuery(RawQuery, req.query);
  const fileName = q.file_name ?? q.filename;
  if (!fileName) throw new AppError('invalid_request', 'Give the file: a multipart form with a "file" field, or the bytes with ?file_name=NAME.');
  if (!raw) throw invalidField('file', 'File: send the bytes as the body.');
  return { fileName, contentType: type || undefined, inline: q.inline === 'true', data: raw };
}

export default async function routes(app: FastifyInstance): Promise<void> {
  app.get<Id>('/help_center/articles/:id/attachments', async (req) => {
    const rows = await listArticleAttachments(req.ctx, { articleId: idParam(req.params.id) });
    return { article_attachments: rows.map((a) => presentArticleAttachment(req, a)) };
  });
  app.get<Id>('/help_center/articles/:id/attachments/inline', async (req) => {
    const rows = await listArticleAttachments(req.ctx, { articleId: idParam(req.params.id), inline: true });
    return { article_attachments: rows.map((a) => presentArticleAttachment(req, a)) };
  });
  app.get<Id>('/help_center/articles/:id/attachments/block', async (req) => {
    const rows = await listArticleAttachments(req.ctx, { articleId: idParam(req.params.id), inline: false });
    return { article_attachments: rows.map((a) => presentArticleAttachment(req, a)) };
  });

  app.post<Id>('/help_center/articles/:id/attachments', async (req: FastifyRequest<Id>, reply: FastifyReply) => {
    const articleId = idParam(req.params.id);
    const f = await incomingFile(req);
    const id = await uploadArticleAttachment(req.ctx, { articleId, ...f });
    reply.code(201);
    return { article_attachment: presentArticleAttachment(req, await readArticleAttachment(req.ctx, { id })) };
  });

  app.post('/help_center/articles/attachments', async (req, reply) => {
    const f = await incomingFile(req);
    const id = await uploadArticleAttachment(req.ctx, f);
    reply.code(201);
    return { article_attachment: presentArticleAttachment(req, await readArticleAttachment(req.ctx, { id })) };
  });

  app.get<Id>('/help_center/articles/attachments/:id', async (req) => ({
    article_attachment: presentArticleAttachment(req, await readArticleAttachment(req.ctx, { id: idParam(req.params.id) })),
  }));

  app.delete<Id>('/help_center/articles/attachments/:id', async (req, reply) => {
    await deleteArticleAttachment(req.ctx, { id: idParam(req.params.id) });
    reply.code(204);
  });
}
