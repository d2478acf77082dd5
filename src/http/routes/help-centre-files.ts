import type { FastifyInstance } from 'fastify';
import { readArticleAttachmentFile } from '../../domain/help-centre/read-attachments.ts';
import { isInlineSafeImage } from '../../domain/tickets/upload-rules.ts';
import { protectRoutes, type ApiRoute } from '../access.ts';
import { idParam } from '../body.ts';

// The bytes of an article attachment, at Zendesk's address /hc/article_attachments/{id}/{name}
// (docs/help-centre.md, "Attachments"): public while its article is published and not
// archived, always for staff, 404 once deleted. The route is public on purpose (readers of
// the help centre see the images in articles) and listed so in the path-spellings test;
// the caller is still authenticated when they send credentials, so staff see drafts' files.

function disposition(kind: 'inline' | 'attachment', name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\%;]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** Registered outside /api/v2 (src/http/app.ts), with the API's authentication hook. */
export default async function helpCentreFiles(app: FastifyInstance, opts: { registry?: ApiRoute[] }): Promise<void> {
  protectRoutes(app, opts.registry);
  app.get<{ Params: { id: string; file_name: string } }>('/hc/article_attachments/:id/:file_name', { config: { access: 'public' } }, async (req, reply) => {
    const f = await readArticleAttachmentFile(req.ctx, { id: idParam(req.params.id), fileName: req.params.file_name });
    // Files come from staff, but never let a browser run or sniff them in our origin.
    reply
      .header('Content-Type', f.row.content_type)
      .header('Content-Disposition', disposition(isInlineSafeImage(f.row.content_type) ? 'inline' : 'attachment', f.row.file_name))
      .header('X-Content-Type-Options', 'nosniff')
      .header('Content-Security-Policy', "default-src 'none'; sandbox")
      .header('Cache-Control', 'private, no-store');
    return reply.send(f.data);
  });
}
