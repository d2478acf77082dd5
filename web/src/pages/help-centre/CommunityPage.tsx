import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { errorText } from '../../lib/api.ts';
import { useConfirm } from '../../components/Confirm.tsx';
import { useToast } from '../../components/Toasts.tsx';
import { ErrorBox, Loading, PageHeader, When } from '../../components/Misc.tsx';
import { deletePost, deletePostComment, hcKeys, usePostComments, usePosts } from '../../lib/help-centre.ts';
import type { HcPost } from '../../../../src/shared/help-centre-api.ts';
import { HelpCentreTabs } from './HelpCentreTabs.tsx';
import './help-centre.css';

// Community moderation (docs/web.md "Community moderation"), for admins: the latest posts
// (GET /community/posts), each with its comments on demand; a post or a comment is deleted
// after a confirmation (its files go with it, at once).

function Comments({ post }: { post: HcPost }) {
  const comments = usePostComments(post.id);
  const confirm = useConfirm();
  const toast = useToast();
  const queryClient = useQueryClient();
  if (comments.error) return <ErrorBox error={comments.error} />;
  if (!comments.data) return <Loading what="Loading comments" />;
  if (!comments.data.length) return <p className="muted">No comments.</p>;
  return (
    <ul className="hc-comments plain-list">
      {comments.data.map((c) => (
        <li key={c.id} className="hc-comment">
          <div className="hc-comment__body">{c.body.replace(/<[^>]*>/g, ' ')}</div>
          <span className="muted">
            <When at={c.created_at} />
          </span>{' '}
          <button
            type="button"
            className="btn btn--small btn--danger"
            aria-label={`Delete comment ${c.id} on ${post.title}`}
            onClick={async () => {
              if (!(await confirm({ title: 'Delete this comment?', body: 'The comment, its files and its votes are deleted. This cannot be undone.', confirmLabel: 'Delete comment', danger: true }))) return;
              try {
                await deletePostComment(post.id, c.id);
                await queryClient.invalidateQueries({ queryKey: hcKeys.postComments(post.id) });
                toast('Comment deleted.');
              } catch (err) {
                toast(errorText(err), 'error');
              }
            }}
          >
            Delete
          </button>
        </li>
      ))}
    </ul>
  );
}

export function CommunityPage() {
  const posts = usePosts();
  const confirm = useConfirm();
  const toast = useToast();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState<number | null>(null);

  const remove = async (p: HcPost) => {
    const ok = await confirm({
      title: 'Delete this post?',
      body: `“${p.title}” is deleted with its comments, files and votes. This cannot be undone.`,
      confirmLabel: 'Delete post',
      danger: true,
    });
    if (!ok) return;
    try {
      await deletePost(p.id);
      await queryClient.invalidateQueries({ queryKey: hcKeys.posts });
      toast('Post deleted.');
    } catch (err) {
      toast(errorText(err), 'error');
    }
  };

  return (
    <div className="hc-page">
      <PageHeader title="Community posts">
        <a className="btn btn--small" href="/hc/community/topics" target="_blank" rel="noopener">
          Open the community
        </a>
      </PageHeader>
      <HelpCentreTabs current="community" />
      {posts.error && <ErrorBox error={posts.error} />}
      {!posts.data && !posts.error && <Loading what="Loading posts" />}
      {posts.data && posts.data.posts.length === 0 && <p className="muted">No posts yet.</p>}
      {posts.data && posts.data.posts.length > 0 && (
        <ul className="hc-posts plain-list">
          {posts.data.posts.map((p) => (
            <li key={p.id} className="panel hc-post">
              <div className="panel__head">
                <h2>
                  <a href={`/hc/community/posts/${p.id}`} target="_blank" rel="noopener">
                    {p.title}
                  </a>
                </h2>
                <div className="hc-actions">
                  <button type="button" className="btn btn--small" aria-expanded={open === p.id} aria-controls={`hc-post-${p.id}-comments`} onClick={() => setOpen(open === p.id ? null : p.id)}>
                    {open === p.id ? 'Hide comments' : `Comments (${p.comment_count})`}
                  </button>
                  <button type="button" className="btn btn--small btn--danger" aria-label={`Delete post ${p.title}`} onClick={() => void remove(p)}>
                    Delete post
                  </button>
                </div>
              </div>
              <p className="hc-post__details">{p.details.replace(/<[^>]*>/g, ' ').slice(0, 400)}</p>
              <p className="muted">
                Posted <When at={p.created_at} />
              </p>
              <div id={`hc-post-${p.id}-comments`}>{open === p.id && <Comments post={p} />}</div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
