import { useMemo, useRef } from 'react';
import type { Attachment, Comment } from '../../../../src/shared/comments.ts';
import type { User } from '../../../../src/shared/users.ts';
import { When } from '../../components/Misc.tsx';
import { nameOf } from '../../lib/users.ts';
import { sanitizeCommentHtml } from './sanitize.ts';

export interface RedactionProps {
  /** Why redaction is refused here (a closed ticket), or null when it is allowed. */
  refusal: string | null;
  onRedactText: (comment: Comment, selected: string) => void;
  onRedactAttachment: (comment: Comment, attachment: Attachment) => Promise<void>;
}

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

const isImage = (a: Attachment) => a.content_type.startsWith('image/') && !a.content_type.includes('svg');

function AttachmentList({ comment, redaction }: { comment: Comment; redaction: RedactionProps }) {
  if (!comment.attachments.length) return null;
  return (
    <ul className="attachments" aria-label="Attachments">
      {comment.attachments.map((a) => (
        <li key={a.id} className="attachment">
          {isImage(a) && !a.deleted && (
            <a href={a.content_url} target="_blank" rel="noopener noreferrer" className="attachment__thumb">
              <img src={a.content_url} alt={a.inline ? `Inline image ${a.file_name}` : a.file_name} loading="lazy" />
            </a>
          )}
          <span className="attachment__meta">
            {a.deleted ? (
              <span className="clip" title="Redacted: nothing is left to download">
                {a.file_name}
              </span>
            ) : (
              <a href={a.content_url} target="_blank" rel="noopener noreferrer" className="clip" title={a.file_name}>
                {a.file_name}
              </a>
            )}{' '}
            <span className="muted">
              {size(a.size)}
              {a.inline ? ', inline' : ''}
            </span>
          </span>
          <button
            type="button"
            className="btn btn--small"
            disabled={!!redaction.refusal}
            title={redaction.refusal ?? 'Replace this file with an empty redacted.txt'}
            onClick={() => void redaction.onRedactAttachment(comment, a)}
          >
            Redact file
          </button>
        </li>
      ))}
    </ul>
  );
}

function CommentView({ comment, users, redaction }: { comment: Comment; users: Map<number, User>; redaction: RedactionProps }) {
  const bodyRef = useRef<HTMLDivElement>(null);
  const html = useMemo(() => (comment.html_body ? sanitizeCommentHtml(comment.html_body) : ''), [comment.html_body]);

  /** The text selected inside this comment's body, if any. */
  const selectedText = (): string => {
    const sel = window.getSelection();
    if (!sel || sel.isCollapsed || !bodyRef.current) return '';
    const range = sel.getRangeAt(0);
    return bodyRef.current.contains(range.commonAncestorContainer) ? sel.toString() : '';
  };

  return (
    <article className={`comment ${comment.public ? '' : 'comment--private'}`} aria-label={`Comment by ${nameOf(users, comment.author_id)}`}>
      <header className="comment__head">
        <strong className="clip" title={nameOf(users, comment.author_id)}>
          {nameOf(users, comment.author_id)}
        </strong>
        {!comment.public && <span className="badge badge--private">Internal note</span>}
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
      {html ? (
        <div ref={bodyRef} className="comment__body prose" dangerouslySetInnerHTML={{ __html: html }} />
      ) : (
        <div ref={bodyRef} className="comment__body comment__body--plain">
          {comment.plain_body || comment.body}
        </div>
      )}
      <AttachmentList comment={comment} redaction={redaction} />
    </article>
  );
}

/** The ticket's comments, oldest first, with their attachments. */
export function Conversation({ comments, users, redaction }: { comments: Comment[]; users: Map<number, User>; redaction: RedactionProps }) {
  return (
    <section className="conversation" aria-label="Conversation">
      {comments.map((c) => (
        <CommentView key={c.id} comment={c} users={users} redaction={redaction} />
      ))}
      {redaction.refusal && <p className="note">{redaction.refusal}</p>}
    </section>
  );
}
