import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { redactAttachment } from '../../domain/redaction/redact-attachment.ts';
import { redactCommentAsAdmin } from '../../domain/redaction/redact-comment-admin.ts';
import { MAX_REDACTION_TEXT, redactCommentText } from '../../domain/redaction/redact-comment.ts';
import { readComment } from '../../domain/tickets/read-comment.ts';
import { readWrittenAttachment } from '../../domain/tickets/read-written-attachment.ts';
import { IdSchema } from '../../shared/ids.ts';
import { idParam, optionalObject } from '../body.ts';
import { zodToAppError } from '../errors.ts';
import { presentAttachment } from '../presenters/attachments.ts';
import { presentComments } from '../presenters/comments.ts';

// Redaction (docs/api.md, docs/redaction.md): a string, an attachment, or the admin's <redact> tags.
// Zendesk's bodies for these have no root key: `{"text": …}`, `{"ticket_id": …, "html_body": …}`.

const RedactTextSchema = z.object({ text: z.string().max(MAX_REDACTION_TEXT, `at most ${MAX_REDACTION_TEXT} characters`) });

const CommentRedactionSchema = z.object({
  ticket_id: IdSchema,
  html_body: z.string().max(1_000_000),
  external_attachment_urls: z.array(z.string().max(2_000)).max(100).optional(),
});

type CommentParams = { Params: { tid: string; cid: string } };
type AttachmentParams = { Params: { tid: string; cid: string; aid: string } };

function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const obj = optionalObject(body);
  const parsed = schema.safeParse(obj);
  if (!parsed.success) throw zodToAppError(parsed.error);
  return parsed.data;
}

async function commentAnswer(req: FastifyRequest, commentId: number) {
  const row = await readComment(req.ctx, { commentId });
  const [comment] = await presentComments(req, [row]);
  return { comment };
}

/** PUT …/redact, PUT/DELETE …/attachments/{aid}/redact and PUT /comment_redactions/{cid}. */
export default async function routes(app: FastifyInstance): Promise<void> {
  app.put<CommentParams>('/tickets/:tid/comments/:cid/redact', async (req) => {
    const ticketId = idParam(req.params.tid);
    const commentId = idParam(req.params.cid);
    const { text } = parseBody(RedactTextSchema, req.body);
    await redactCommentText(req.ctx, { ticketId, commentId, text });
    return commentAnswer(req, commentId);
  });

  const attachmentRedaction = async (req: FastifyRequest<AttachmentParams>) => {
    const ticketId = idParam(req.params.tid);
    const commentId = idParam(req.params.cid);
    const attachmentId = idParam(req.params.aid);
    await redactAttachment(req.ctx, { ticketId, commentId, attachmentId });
    const meta = await readWrittenAttachment(req.ctx, { attachmentId });
    return { attachment: presentAttachment(req, meta) };
  };
  app.put<AttachmentParams>('/tickets/:tid/comments/:cid/attachments/:aid/redact', attachmentRedaction);
  app.delete<AttachmentParams>('/tickets/:tid/comments/:cid/attachments/:aid/redact', attachmentRedaction);

  app.put<{ Params: { cid: string } }>('/comment_redactions/:cid', async (req) => {
    const commentId = idParam(req.params.cid);
    const input = parseBody(CommentRedactionSchema, req.body);
    await redactCommentAsAdmin(req.ctx, {
      ticketId: input.ticket_id,
      commentId,
      htmlBodyWithRedactTags: input.html_body,
      externalAttachmentUrls: input.external_attachment_urls,
    });
    return commentAnswer(req, commentId);
  });
}
