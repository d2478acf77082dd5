import { useMemo } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { useRevisions, useTranslations } from '../../lib/help-centre.ts';
import { useStaff } from '../../lib/views.ts';
import { ErrorBox, Loading, PageHeader, When } from '../../components/Misc.tsx';
import { HC_DEFAULT_LOCALE } from '../../../../src/shared/help-centre-api.ts';
import { bodiesSideBySide, titleDiff } from './revision-diff.ts';
import './help-centre.css';

// Revisions side by side (docs/web.md "Revisions"): the texts earlier saves replaced, newest
// first (GET /help_center/articles/{id}/revisions?locale=); one chosen is shown next to the
// current text with the differing words marked (removed on the left, added on the right).

export function RevisionsPage() {
  const { id: idParam } = useParams();
  const [params, setParams] = useSearchParams();
  const id = Number(idParam);
  const translations = useTranslations(Number.isInteger(id) && id > 0 ? id : null);
  const locale = params.get('locale') || HC_DEFAULT_LOCALE;
  const revisions = useRevisions(id, locale);
  const staff = useStaff();
  const chosenId = Number(params.get('revision')) || revisions.data?.[0]?.id;
  const chosen = revisions.data?.find((r) => r.id === chosenId);
  const current = translations.data?.find((t) => t.locale === locale);
  const nameOf = (uid: number | null) => (uid === null ? 'someone since erased' : (staff.find((u) => u.id === uid)?.name ?? `user ${uid}`));

  const diff = useMemo(() => (chosen && current ? bodiesSideBySide(chosen.body, current.body) : null), [chosen, current]);

  if (revisions.error) return <ErrorBox error={revisions.error} />;
  if (!revisions.data || !translations.data) return <Loading what="Loading revisions" />;

  return (
    <div className="hc-page">
      <PageHeader title="Revisions">
        <Link className="btn btn--small" to={`/help-centre/articles/${id}?locale=${encodeURIComponent(locale)}`}>
          Back to the article
        </Link>
      </PageHeader>
      <p className="muted">
        {current ? <>“{current.title}”, </> : null}
        locale {locale}. Every save keeps the text it replaced. Choose one to compare it with the current text.
      </p>
      {revisions.data.length === 0 ? (
        <p className="muted">No revisions yet: the article has not been changed since it was written.</p>
      ) : (
        <div className="hc-revisions">
          <nav className="hc-revisions__list panel" aria-label="Revisions">
            <h2>Earlier texts</h2>
            <ol className="plain-list">
              {revisions.data.map((r, i) => (
                <li key={r.id}>
                  <button
                    type="button"
                    className={`link hc-revisions__item ${r.id === chosen?.id ? 'is-current' : ''}`}
                    aria-current={r.id === chosen?.id ? 'true' : undefined}
                    onClick={() => setParams({ locale, revision: String(r.id) })}
                  >
                    Revision {revisions.data.length - i}: <When at={r.created_at} />
                  </button>
                  <span className="muted"> by {nameOf(r.author_id)}</span>
                </li>
              ))}
            </ol>
          </nav>
          {chosen && current && diff && (
            <section className="hc-compare" aria-labelledby="hc-compare-heading">
              <h2 id="hc-compare-heading" className="visually-hidden">
                Comparison
              </h2>
              <p className="muted" role="status">
                {diff.added === 0 && diff.removed === 0 && chosen.title === current.title
                  ? 'The texts are the same.'
                  : `${diff.removed} ${diff.removed === 1 ? 'word' : 'words'} removed, ${diff.added} added. Removed words are struck through on the left; added ones underlined on the right.`}
              </p>
              <div className="hc-compare__sides">
                <article className="panel hc-compare__side" aria-labelledby="hc-before-heading">
                  <h3 id="hc-before-heading">
                    Revision of <When at={chosen.created_at} />
                  </h3>
                  <p className="hc-compare__title">
                    {titleDiff(chosen.title, current.title)
                      .filter((p) => !p.added)
                      .map((p, i) => (p.removed ? <del key={i}>{p.value}</del> : <span key={i}>{p.value}</span>))}
                  </p>
                  <div className="prose" data-testid="revision-before" dangerouslySetInnerHTML={{ __html: diff.before }} />
                </article>
                <article className="panel hc-compare__side" aria-labelledby="hc-after-heading">
                  <h3 id="hc-after-heading">Current text</h3>
                  <p className="hc-compare__title">
                    {titleDiff(chosen.title, current.title)
                      .filter((p) => !p.removed)
                      .map((p, i) => (p.added ? <ins key={i}>{p.value}</ins> : <span key={i}>{p.value}</span>))}
                  </p>
                  <div className="prose" data-testid="revision-after" dangerouslySetInnerHTML={{ __html: diff.after }} />
                </article>
              </div>
            </section>
          )}
        </div>
      )}
    </div>
  );
}
