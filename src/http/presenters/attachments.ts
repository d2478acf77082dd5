import type { FastifyRequest } from 'fastify';
import type { AttachmentMeta } from '../../domain/tickets/read-comment-attachments.ts';
import { isRedactedAttachment } from '../../domain/redaction/redact-attachment.ts';
import type { Attachment } from '../../shared/comments.ts';
import { apiBase, bool } from './common.ts';

/**
 * Zendesk's attachment object; content_url serves the bytes (GET /attachments/{id}/content).
 * A redacted file says `deleted: true`: its URLs answer 404, there is nothing left to fetch.
 * `content_id` lets a client show an inline image where the HTML says `cid:`.
 */
export function presentAttachment(req: FastifyRequest, a: AttachmentMeta): Attachment {
  const base = apiBase(req);
  return {
    id: a.id,
    url: `${base}/attachments/${a.id}.json`,
    file_name: a.file_name,
    content_url: `${base}/attachments/${a.id}/content`,
    mapped_content_url: `${base}/attachments/${a.id}/content`,
    content_type: a.content_type,
    size: a.size,
    width: null,
    height: null,
    inline: bool(a.inline),
    content_id: a.content_id,
    deleted: isRedactedAttachment(a),
    thumbnails: [],
  };
}
