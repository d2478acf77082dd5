import type { Comment } from '../../../../src/shared/comments.ts';
import type { User } from '../../../../src/shared/users.ts';

// Who wrote a comment, and to whom it is shown: a customer's comment, an agent's public
// reply, or an internal note (public: false, staff only). Each has its own look and, so
// that colour is never the only sign, its own words.

export type CommentKind = 'customer' | 'reply' | 'note';

export interface KindWords {
  kind: CommentKind;
  /** The label shown on the comment. */
  label: string;
  /** The author's role in words, for staff (a customer's is the label already). */
  role: string | null;
}

const ROLE_WORDS: Record<User['role'], string> = { 'end-user': 'Customer', agent: 'Agent', admin: 'Admin' };

/** The kind of a comment, from its `public` flag and its author's role. */
export function commentKind(c: Comment, author: User | undefined): KindWords {
  const role = author && author.role !== 'end-user' ? ROLE_WORDS[author.role] : null;
  if (!c.public) return { kind: 'note', label: 'Internal note', role };
  // An author the app cannot name (deleted since) is shown as a customer: staff are rarely deleted.
  if (author && author.role !== 'end-user') return { kind: 'reply', label: 'Public reply', role };
  return { kind: 'customer', label: 'Customer', role };
}
