import { useMemo, useRef, useState } from 'react';
import type { Attachment, Comment } from '../../../../src/shared/comments.ts';
import type { User } from '../../../../src/shared/users.ts';
import { When } from '../../components/Misc.tsx';
import { nameOf } from '../../lib/users.ts';
import { AttachmentList, isImage } from './Attachments.tsx';
import { commentKind } from './comment-kind.ts';
import { sanitizeCommentHtml, type InlineImage } from './sanitize.ts';
import { VoiceComment, type VoiceProps } from './VoiceComment.tsx';
import './conversation.css';

export interface RedactionProps {
  /** Why redaction is refused here (a closed ticket), or null when it is allowed. */
  refusal: string | null;
  onRedactText: (comment: Comment, selected: string) => void;
  onRedactAttachment: (comment: Comment, attachment: Attachment) => Promise<void>;
}

/** The comment's inline images by Content-ID: what its `cid:` links may show. */
function inlineImages(c: Comment): Map<string, InlineImage> {
  const m = new Map<string, InlineImage>();
  for (const a of c.attachments) if (a.content_id && !a.deleted && isImage(a)) m.set(a.content_id, { id: a.id, file_name: a.file_name });
  return m;
}

function CommentView({ comment, users, redaction, voice }: { comment: Comment; users: Map<number, User>; redaction: RedactionProps; voice: VoiceProps }) {
  const bodyRef = useRef<HTMLDivElement>(null);
  // Remote images load only when the agent asks, for this comment only, until the page is left.
  const [remote, setRemote] = useState(false);
  const safe = useMemo(
    () => (comment.html_body ? sanitizeCommentHtml(comment.html_body, { inline: inlineImages(comment), remote }) : null),
    [comment, remote],
  );
  const author = users.get(comment.author_id);
  const name = nameOf(users, comment.author_id);
  const k = commentKind(comment, author);

  /** The text selected inside this comment's body, if any. */
  const selectedText = (): string => {
    const sel = window.getSelection();
    if (!sel || sel.isCollapsed || !bodyRef.current) return '';
    const range = sel.getRangeAt(0);
    return bodyRef.current.contains(range.commonAncestorContainer) ? sel.toString() : '';
  };

  return (
    <article className={`comment comment--${k.kind}`} aria-label={`Comment by ${name}`} data-kind={k.kind}>
      <header className="comment__head">
        <span className={`comment__kind comment__kind--${k.kind}`}>{k.label}</span>
        <span className="comment__author">
          <strong className="clip" title={name}>
            {name}
          </strong>
          {k.role && <span className="comment__role">{k.role}</span>}
        </span>
        <When at={comment.created_at} />
        <button
          type="button"
          className="btn btn--small comment__redact"
          disabled={!!redaction.refusal}
          title={redaction.refusal ?? 'Select text in this comment, then press here'}
          // Keep the selection: a mousedown on a button would clear it before the click.
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => redaction.onRedactText(comment, selectedText())}
        >
          Redact…
        </button>
      </header>
      {safe && safe.blocked > 0 && (
        <p className="comment__blocked">
          <span>
            {safe.blocked === 1 ? 'A remote image was' : `${safe.blocked} remote images were`} blocked to protect your privacy: loading one tells its
            sender that you read this.
          </span>
          <button type="button" className="btn btn--small" onClick={() => setRemote(true)}>
            Show images
          </button>
        </p>
      )}
      {safe ? (
        <div ref={bodyRef} className="comment__body prose" dangerouslySetInnerHTML={{ __html: safe.html }} />
      ) : (
        <div ref={bodyRef} className="comment__body comment__body--plain">
          {comment.plain_body || comment.body}
        </div>
      )}
      {comment.data && <VoiceComment comment={comment} data={comment.data} users={users} voice={voice} />}
      <AttachmentList comment={comment} shown={safe?.shown ?? new Set()} redaction={redaction} />
    </article>
  );
}

/** The ticket's comments, oldest first, with their attachments. */
export function Conversation({ comments, users, redaction, voice }: { comments: Comment[]; users: Map<number, User>; redaction: RedactionProps; voice: VoiceProps }) {
  return (
    <section className="conversation" aria-label="Conversation">
      {comments.map((c) => (
        <CommentView key={c.id} comment={c} users={users} redaction={redaction} voice={voice} />
      ))}
      {redaction.refusal && <p className="note">{redaction.refusal}</p>}
    </section>
  );
}
