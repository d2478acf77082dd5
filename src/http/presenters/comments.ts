import type { FastifyRequest } from 'fastify';
import { readCommentAttachments } from '../../domain/tickets/read-comment-attachments.ts';
import type { CommentRow } from '../../domain/tickets/list-ticket-comments.ts';
import type { Comment } from '../../shared/comments.ts';
import { readVoiceComments } from '../../domain/calls/read-voice-comments.ts';
import { presentAttachment } from './attachments.ts';
import { voiceCommentData } from './calls.ts';
import { bool, ts } from './common.ts';

/** Zendesk's comment objects, with their attachments loaded in one query. */
export async function presentComments(req: FastifyRequest, rows: CommentRow[]): Promise<Comment[]> {
  const attachments = await readCommentAttachments(req.ctx, { commentIds: rows.map((c) => c.id) });
  // Calls' comments are VoiceComments whose data is read from the call (docs/calls.md).
  const voice = await readVoiceComments(req.ctx, { commentIds: rows.filter((c) => c.channel === 'voice').map((c) => c.id) });
  return rows.map((c) => {
    const v = voice.get(c.id);
    return {
    id: c.id,
    type: v ? ('VoiceComment' as const) : ('Comment' as const),
    author_id: c.author_id,
    body: c.body,
    html_body: c.html_body,
    plain_body: c.plain_body,
    public: bool(c.public),
    attachments: attachments.filter((a) => a.comment_id === c.id).map((a) => presentAttachment(req, a)),
    audit_id: null,
    via: { channel: c.channel, source: { from: {}, to: {}, rel: null } },
    metadata: {},
    created_at: ts(c.created_at),
    ...(v ? { data: voiceCommentData(req, v.call, v.recordings, v.pending) } : {}),
    };
  });
}
