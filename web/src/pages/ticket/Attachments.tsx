import type { Attachment, Comment } from '../../../../src/shared/comments.ts';
import type { RedactionProps } from './Conversation.tsx';

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Images the browser may show from our server (SVG is left as a download). */
export const isImage = (a: Attachment) => a.content_type.startsWith('image/') && !a.content_type.includes('svg');

/** A comment's files, each with Redact file; images not already shown in the text get a thumbnail. */
export function AttachmentList({ comment, shown, redaction }: { comment: Comment; shown: ReadonlySet<number>; redaction: RedactionProps }) {
  if (!comment.attachments.length) return null;
  return (
    <ul className="attachments" aria-label="Attachments">
      {comment.attachments.map((a) => (
        <li key={a.id} className="attachment">
          {isImage(a) && !a.deleted && !shown.has(a.id) && (
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
              {a.inline ? (shown.has(a.id) ? ', shown in the text' : ', inline') : ''}
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
