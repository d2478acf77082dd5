import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { createUpload } from '../../domain/tickets/create-upload.ts';
import { deleteUpload } from '../../domain/tickets/delete-upload.ts';
import { readAttachment, readAttachmentContent } from '../../domain/tickets/read-attachment.ts';
import { readUploadedFiles } from '../../domain/tickets/read-uploaded-files.ts';
import { isInlineSafeImage } from '../../domain/tickets/upload-rules.ts';
import { notFound } from '../../errors.ts';
import type { Upload } from '../../shared/comments.ts';
import { OnceText } from '../../shared/query.ts';
import { UploadTokenSchema } from '../../shared/tickets.ts';
import { idParam } from '../body.ts';
import { parseQuery } from '../query.ts';
import { presentAttachment } from '../presenters/attachments.ts';
import { ts } from '../presenters/common.ts';

/** `attachment; filename=…` with an ASCII fallback and the exact name in RFC 5987 form. */
function disposition(kind: 'inline' | 'attachment', name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\%;]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

const FILE_NAME_HINT = 'Give the file name: POST /uploads?filename=NAME with the file as the body.';

/** POST /uploads: the file's name, and the token of an upload to add it to. */
const UploadQuerySchema = z.object({
  filename: z.string({ error: FILE_NAME_HINT }).min(1, FILE_NAME_HINT),
  token: OnceText.pipe(UploadTokenSchema).optional(),
});

/** Uploads (files for a comment still to be written) and attachments (metadata and bytes). */
export default async function routes(app: FastifyInstance): Promise<void> {
  // An upload is the file itself, whatever it says it is (even application/json):
  // in this plugin every body arrives as raw bytes.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  app.post('/uploads', async (req, reply) => {
    const { filename: fileName, token } = parseQuery(UploadQuerySchema, req.query);
    const data = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const r = await createUpload(req.ctx, { fileName, contentType: req.headers['content-type'], data, token });
    const attachments = (await readUploadedFiles(req.ctx, { attachmentIds: r.attachmentIds })).map((m) => presentAttachment(req, m));
    const upload: Upload = {
      token: r.token,
      expires_at: ts(r.expiresAt.toISOString()),
      attachments,
      attachment: attachments.find((a) => a.id === r.attachmentId) ?? null,
    };
    reply.status(201);
    // The upload itself has no address (Zendesk's neither); the file it made does.
    if (upload.attachment) reply.header('Location', upload.attachment.url);
    return { upload };
  });

  app.delete<{ Params: { token: string } }>('/uploads/:token', async (req, reply) => {
    const parsed = UploadTokenSchema.safeParse(req.params.token);
    if (!parsed.success) throw notFound();
    await deleteUpload(req.ctx, { token: parsed.data });
    reply.status(204).send();
  });

  app.get<{ Params: { id: string } }>('/attachments/:id', async (req) => {
    const a = await readAttachment(req.ctx, { attachmentId: idParam(req.params.id) });
    return { attachment: presentAttachment(req, a) };
  });

  app.get<{ Params: { id: string } }>('/attachments/:id/content', async (req, reply) => {
    const a = await readAttachmentContent(req.ctx, { attachmentId: idParam(req.params.id) });
    // Stored files come from outside: never let a browser run or sniff them in our origin.
    reply
      .header('Content-Type', a.content_type)
      .header('Content-Disposition', disposition(isInlineSafeImage(a.content_type) ? 'inline' : 'attachment', a.file_name))
      .header('X-Content-Type-Options', 'nosniff')
      .header('Content-Security-Policy', "default-src 'none'; sandbox")
      .header('Cache-Control', 'private, no-store');
    return reply.send(Buffer.from(a.data));
  });
}
