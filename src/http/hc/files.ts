import type { FastifyInstance } from 'fastify';
import { readCommunityFile } from '../../domain/community/read-community-file.ts';
import { idParam } from '../body.ts';

// Community files (images in posts and comments) at /hc/community_attachments/{id}/{file_name}:
// public while their post or comment exists, 404 from the moment it is deleted. Served as
// the image type they were checked to be, never sniffed, never cached anywhere.

type P = { Params: { id: string; name: string } };

export default async function routes(app: FastifyInstance): Promise<void> {
  app.get<P>('/hc/community_attachments/:id/:name', async (req, reply) => {
    const { file, data } = await readCommunityFile(req.ctx, { fileId: idParam(req.params.id), fileName: req.params.name });
    return reply
      .type(file.content_type)
      .header('content-disposition', 'inline')
      .header('content-length', String(data.length))
      .send(data);
  });
}
