import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { errorText } from '../../lib/api.ts';
import { useMe } from '../../lib/session.tsx';
import { useToast } from '../../components/Toasts.tsx';
import { ErrorBox, Loading, PageHeader, When } from '../../components/Misc.tsx';
import { createCategory, createSection, hcKeys, renameContainer, useCategories, useSectionArticles, useSections } from '../../lib/help-centre.ts';
import { HC_DEFAULT_LOCALE, type HcCategory, type HcSection } from '../../../../src/shared/help-centre-api.ts';
import { HelpCentreTabs } from './HelpCentreTabs.tsx';
import './help-centre.css';

// The help centre's knowledge base (docs/web.md "The help centre"): categories → sections on
// the left (admins create and rename them), the chosen section's articles on the right with
// their state and labels, and a new article in that section.

/** A one-field form that names a new thing or renames one. */
function NameForm({ label, initial = '', submit, onDone, id }: { label: string; initial?: string; submit(name: string): Promise<void>; onDone(): void; id: string }) {
  const [name, setName] = useState(initial);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return setError('A name is needed.');
    setBusy(true);
    try {
      await submit(name.trim());
      onDone();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="hc-nameform" onSubmit={(e) => void onSubmit(e)}>
      <label htmlFor={id} className="visually-hidden">
        {label}
      </label>
      <input
        id={id}
        value={name}
        placeholder={label}
        autoFocus
        maxLength={200}
        onChange={(e) => setName(e.target.value)}
        onKeyDown={(e) => e.key === 'Escape' && onDone()}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      />
      <button type="submit" className="btn btn--small btn--primary" disabled={busy}>
        Save
      </button>
      <button type="button" className="btn btn--small btn--ghost" onClick={onDone}>
        Cancel
      </button>
      {error && (
        <span id={`${id}-error`} className="field-error" role="alert">
          {error}
        </span>
      )}
    </form>
  );
}

type Editing = { kind: 'new-category' } | { kind: 'new-section'; categoryId: number } | { kind: 'rename-category'; c: HcCategory } | { kind: 'rename-section'; s: HcSection } | null;

function Tree({ selected, onSelect }: { selected: number | null; onSelect(id: number): void }) {
  const me = useMe();
  const manage = me.abilities.manage_help_centre;
  const categories = useCategories();
  const sections = useSections();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [editing, setEditing] = useState<Editing>(null);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: hcKeys.all });
  if (categories.error) return <ErrorBox error={categories.error} />;
  if (!categories.data || !sections.data) return <Loading what="Loading categories" />;
  const done = () => setEditing(null);

  return (
    <nav className="hc-tree panel" aria-label="Categories and sections">
      <h2>Categories</h2>
      {categories.data.categories.length === 0 && <p className="muted">No categories yet.{manage ? ' Create one to begin.' : ' An admin creates them.'}</p>}
      <ul className="hc-tree__categories">
        {categories.data.categories.map((c) => {
          const own = sections.data.sections.filter((s) => s.category_id === c.id);
          return (
            <li key={c.id}>
              {editing?.kind === 'rename-category' && editing.c.id === c.id ? (
                <NameForm
                  id={`rename-category-${c.id}`}
                  label="Category name"
                  initial={c.name}
                  submit={async (name) => {
                    await renameContainer('category', c.id, c.source_locale, name);
                    toast('Category renamed.');
                    refresh();
                  }}
                  onDone={done}
                />
              ) : (
                <div className="hc-tree__row">
                  <span className="hc-tree__category">{c.name}</span>
                  {manage && (
                    <button type="button" className="btn btn--small btn--ghost" aria-label={`Rename category ${c.name}`} onClick={() => setEditing({ kind: 'rename-category', c })}>
                      Rename
                    </button>
                  )}
                </div>
              )}
              <ul className="hc-tree__sections">
                {own.map((s) => (
                  <li key={s.id}>
                    {editing?.kind === 'rename-section' && editing.s.id === s.id ? (
                      <NameForm
                        id={`rename-section-${s.id}`}
                        label="Section name"
                        initial={s.name}
                        submit={async (name) => {
                          await renameContainer('section', s.id, s.source_locale, name);
                          toast('Section renamed.');
                          refresh();
                        }}
                        onDone={done}
                      />
                    ) : (
                      <div className="hc-tree__row">
                        <button type="button" className={`link hc-tree__section ${selected === s.id ? 'is-current' : ''}`} aria-current={selected === s.id ? 'true' : undefined} onClick={() => onSelect(s.id)}>
                          {s.name}
                        </button>
                        {manage && (
                          <button type="button" className="btn btn--small btn--ghost" aria-label={`Rename section ${s.name}`} onClick={() => setEditing({ kind: 'rename-section', s })}>
                            Rename
                          </button>
                        )}
                      </div>
                    )}
                  </li>
                ))}
                {manage &&
                  (editing?.kind === 'new-section' && editing.categoryId === c.id ? (
                    <li>
                      <NameForm
                        id={`new-section-${c.id}`}
                        label="Section name"
                        submit={async (name) => {
                          const s = await createSection(c.id, name, c.source_locale || HC_DEFAULT_LOCALE);
                          toast('Section created.');
                          refresh();
                          onSelect(s.id);
                        }}
                        onDone={done}
                      />
                    </li>
                  ) : (
                    <li>
                      <button type="button" className="btn btn--small btn--ghost" aria-label={`New section in ${c.name}`} onClick={() => setEditing({ kind: 'new-section', categoryId: c.id })}>
                        + New section
                      </button>
                    </li>
                  ))}
              </ul>
            </li>
          );
        })}
      </ul>
      {manage &&
        (editing?.kind === 'new-category' ? (
          <NameForm
            id="new-category"
            label="Category name"
            submit={async (name) => {
              await createCategory(name, HC_DEFAULT_LOCALE);
              toast('Category created.');
              refresh();
            }}
            onDone={done}
          />
        ) : (
          <button type="button" className="btn btn--small" onClick={() => setEditing({ kind: 'new-category' })}>
            New category
          </button>
        ))}
    </nav>
  );
}

function SectionArticles({ sectionId }: { sectionId: number }) {
  const sections = useSections();
  const articles = useSectionArticles(sectionId);
  const section = sections.data?.sections.find((s) => s.id === sectionId);
  return (
    <section className="hc-articles panel" aria-labelledby="hc-articles-heading">
      <div className="panel__head">
        <h2 id="hc-articles-heading">{section ? `Articles in ${section.name}` : 'Articles'}</h2>
        <Link className="btn btn--small btn--primary" to={`/help-centre/articles/new?section=${sectionId}`}>
          New article
        </Link>
      </div>
      {articles.error && <ErrorBox error={articles.error} />}
      {!articles.data && !articles.error && <Loading what="Loading articles" />}
      {articles.data && articles.data.articles.length === 0 && <p className="muted">No articles in this section yet.</p>}
      {articles.data && articles.data.articles.length > 0 && (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Title</th>
                <th scope="col">State</th>
                <th scope="col">Labels</th>
                <th scope="col">Updated</th>
              </tr>
            </thead>
            <tbody>
              {articles.data.articles.map((a) => (
                <tr key={a.id}>
                  <td>
                    <Link to={`/help-centre/articles/${a.id}`}>{a.title || '(untitled)'}</Link>
                  </td>
                  <td>{a.draft ? <span className="badge badge--pending">Draft</span> : <span className="badge badge--active">Published</span>}</td>
                  <td>
                    {a.label_names.length ? (
                      <span className="chips">
                        {a.label_names.map((l) => (
                          <span key={l} className="chip">
                            {l}
                          </span>
                        ))}
                      </span>
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                  <td>
                    <When at={a.updated_at} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export function HelpCentrePage() {
  const [params, setParams] = useSearchParams();
  const raw = Number(params.get('section'));
  const selected = Number.isInteger(raw) && raw > 0 ? raw : null;
  return (
    <div className="hc-page">
      <PageHeader title="Help centre">
        <a className="btn btn--small" href="/hc" target="_blank" rel="noopener">
          Open the public help centre
        </a>
      </PageHeader>
      <HelpCentreTabs current="articles" />
      <div className="hc-columns">
        <Tree selected={selected} onSelect={(id) => setParams({ section: String(id) })} />
        {selected !== null ? (
          <SectionArticles sectionId={selected} />
        ) : (
          <section className="panel hc-articles" aria-label="Articles">
            <p className="muted">Choose a section to see its articles.</p>
          </section>
        )}
      </div>
    </div>
  );
}
