import { useQueryClient } from '@tanstack/react-query';
import { errorText } from '../../lib/api.ts';
import { useConfirm } from '../../components/Confirm.tsx';
import { useToast } from '../../components/Toasts.tsx';
import { ErrorBox, Loading, PageHeader, When } from '../../components/Misc.tsx';
import { deleteArticleForever, hcKeys, restoreArticle, useArchived } from '../../lib/help-centre.ts';
import type { HcArticle } from '../../../../src/shared/help-centre-api.ts';
import { HelpCentreTabs } from './HelpCentreTabs.tsx';
import './help-centre.css';

// Archived articles (docs/web.md "Archive and delete forever"), for admins: restore one to its
// section, or delete it forever after a confirmation that names everything that goes.

/** Before DELETE /help_center/archived_articles/{id}: what goes, and that it is final. */
export const confirmDeleteForever = (title: string) => ({
  title: 'Delete this article forever?',
  body: (
    <>
      <p>
        “{title}” is erased with every translation, every revision, its labels, every file and image, every comment and every vote. Its
        address answers “not found” from then on.
      </p>
      <p>
        <strong>This cannot be undone.</strong>
      </p>
    </>
  ),
  confirmLabel: 'Delete forever',
  danger: true,
  acknowledge: 'I understand the article and everything in it are erased for good.',
});

export function ArchivedPage() {
  const archived = useArchived();
  const confirm = useConfirm();
  const toast = useToast();
  const queryClient = useQueryClient();

  const restore = async (a: HcArticle) => {
    try {
      await restoreArticle(a.id);
      await queryClient.invalidateQueries({ queryKey: hcKeys.all });
      toast(`“${a.title}” restored to its section.`);
    } catch (err) {
      toast(errorText(err), 'error');
    }
  };
  const remove = async (a: HcArticle) => {
    if (!(await confirm(confirmDeleteForever(a.title)))) return;
    try {
      await deleteArticleForever(a.id);
      await queryClient.invalidateQueries({ queryKey: hcKeys.all });
      toast('Article deleted forever.');
    } catch (err) {
      toast(errorText(err), 'error');
    }
  };

  return (
    <div className="hc-page">
      <PageHeader title="Archived articles" />
      <HelpCentreTabs current="archived" />
      {archived.error && <ErrorBox error={archived.error} />}
      {!archived.data && !archived.error && <Loading what="Loading archived articles" />}
      {archived.data && archived.data.articles.length === 0 && <p className="muted">No archived articles.</p>}
      {archived.data && archived.data.articles.length > 0 && (
        <div className="table-wrap panel">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Title</th>
                <th scope="col">Archived</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {archived.data.articles.map((a) => (
                <tr key={a.id}>
                  <td>{a.title || '(untitled)'}</td>
                  <td>
                    <When at={a.archived_at ?? a.updated_at} />
                  </td>
                  <td className="hc-actions">
                    <button type="button" className="btn btn--small" aria-label={`Restore ${a.title}`} onClick={() => void restore(a)}>
                      Restore
                    </button>
                    <button type="button" className="btn btn--small btn--danger" aria-label={`Delete ${a.title} forever`} onClick={() => void remove(a)}>
                      Delete forever
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
