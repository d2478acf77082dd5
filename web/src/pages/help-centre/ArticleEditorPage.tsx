import { useEffect, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { errorText } from '../../lib/api.ts';
import { useMe } from '../../lib/session.tsx';
import { useConfirm } from '../../components/Confirm.tsx';
import { useToast } from '../../components/Toasts.tsx';
import { ErrorBox, Loading, PageHeader, When } from '../../components/Misc.tsx';
import {
  addTranslation,
  archiveArticle,
  createArticle,
  hcKeys,
  imageSrc,
  parseLabels,
  redactArticle,
  saveTranslation,
  updateArticle,
  uploadArticleImage,
  useArticle,
  useSections,
  useTranslations,
} from '../../lib/help-centre.ts';
import { HC_COMMON_LOCALES, HC_DEFAULT_LOCALE, HC_REDACTION_MARK, hcArticlePublicPath, type HcArticle, type HcTranslation } from '../../../../src/shared/help-centre-api.ts';
import { RichTextEditor } from './RichTextEditor.tsx';
import './help-centre.css';

// Writing an article (docs/web.md "Writing an article"): its title, body (the Tiptap editor),
// labels, draft or published, in one locale at a time. A new article is created in its section
// on the first save; an image added before that is an upload the article takes when saved.
// Saving an existing one writes the locale's translation
// (the server keeps the replaced text as a revision) and the article's labels. Translations:
// add a locale (starting from the current text), switch between them. Admins archive; those
// with the redact ability remove a string from every translation and revision.

interface Form {
  title: string;
  body: string;
  labels: string;
  draft: boolean;
}

const EMPTY: Form = { title: '', body: '', labels: '', draft: true };

function formOf(t: HcTranslation | undefined, a: HcArticle | undefined): Form {
  return { title: t?.title ?? '', body: t?.body ?? '', labels: (a?.label_names ?? []).join(', '), draft: t?.draft ?? true };
}

function RedactForm({ articleId, onDone }: { articleId: number; onDone(): Promise<void> }) {
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const confirm = useConfirm();
  const toast = useToast();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!text) return;
    const ok = await confirm({
      title: 'Redact this text from the article?',
      body: `Every occurrence is replaced by ${HC_REDACTION_MARK} in every translation and every revision of this article. This cannot be undone.`,
      confirmLabel: 'Redact',
      danger: true,
    });
    if (!ok) return;
    setBusy(true);
    try {
      const r = await redactArticle(articleId, text);
      toast(r.redactions === 0 ? 'The text was not found; nothing changed.' : `Redacted ${r.redactions === 1 ? 'once' : `${r.redactions} times`}.`);
      setText('');
      await onDone();
    } catch (err) {
      toast(errorText(err), 'error');
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="hc-redact" onSubmit={(e) => void submit(e)}>
      <label htmlFor="hc-redact-text">Text to redact</label>
      <input id="hc-redact-text" value={text} maxLength={10_000} onChange={(e) => setText(e.target.value)} />
      <button type="submit" className="btn btn--small btn--danger" disabled={!text || busy}>
        Redact
      </button>
    </form>
  );
}

export function ArticleEditorPage() {
  const me = useMe();
  const { id: idParam } = useParams();
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const toast = useToast();
  const confirm = useConfirm();
  const isNew = idParam === 'new';
  const articleId = !isNew && idParam && /^\d+$/.test(idParam) ? Number(idParam) : null;
  const sectionParam = Number(params.get('section')) || null;

  const article = useArticle(articleId);
  const translations = useTranslations(articleId);
  const sections = useSections();
  const locale = params.get('locale') || article.data?.source_locale || HC_DEFAULT_LOCALE;
  const translation = translations.data?.find((t) => t.locale === locale);

  const [form, setForm] = useState<Form>(EMPTY);
  const [newLocale, setNewLocale] = useState(HC_DEFAULT_LOCALE);
  const [dirty, setDirty] = useState(false);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState('');
  const [addingLocale, setAddingLocale] = useState('');
  const [showRedact, setShowRedact] = useState(false);

  // What the form shows follows the server's text for this article and locale, unless there are unsaved changes.
  // `generation` reloads it after a change that keeps the times (a redaction is not an edit).
  const [generation, setGeneration] = useState(0);
  const docKey = isNew ? 'new' : `${articleId}:${locale}:${translation?.updated_at ?? ''}:${article.data?.updated_at ?? ''}:${generation}`;
  const [loadedKey, setLoadedKey] = useState('');
  if (!isNew && translation && article.data && loadedKey !== docKey && !dirty) {
    setLoadedKey(docKey);
    setForm(formOf(translation, article.data));
  }
  useEffect(() => {
    setDirty(false);
  }, [articleId, locale]);

  const change = (patch: Partial<Form>) => {
    setForm((f) => ({ ...f, ...patch }));
    setDirty(true);
  };

  const sectionId = article.data?.section_id ?? sectionParam;
  const section = sections.data?.sections.find((s) => s.id === sectionId);

  const refresh = async (id: number) => {
    await queryClient.invalidateQueries({ queryKey: hcKeys.article(id) });
    await queryClient.invalidateQueries({ queryKey: ['help-centre', 'section-articles'] });
  };

  /** Creates the article from the form and goes to its address. */
  const create = async (draft: boolean): Promise<void> => {
    if (!sectionId) throw new Error('Choose a section for the article first (from the Help centre page).');
    if (!form.title.trim()) throw new Error('Give the article a title first.');
    const a = await createArticle(sectionId, { title: form.title.trim(), body: form.body, locale: newLocale, draft, label_names: parseLabels(form.labels) });
    setDirty(false);
    await refresh(a.id);
    void navigate(`/help-centre/articles/${a.id}`, { replace: true });
  };

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setError('');
    if (!form.title.trim()) return setError('An article needs a title.');
    setSaving(true);
    try {
      if (isNew) {
        await create(form.draft);
        toast(form.draft ? 'Article saved as a draft.' : 'Article published.');
      } else if (articleId !== null) {
        await saveTranslation(articleId, locale, { title: form.title.trim(), body: form.body, draft: form.draft });
        const labels = parseLabels(form.labels);
        if (labels.join('\n') !== (article.data?.label_names ?? []).join('\n')) await updateArticle(articleId, { label_names: labels });
        setDirty(false);
        await queryClient.invalidateQueries({ queryKey: hcKeys.translations(articleId) });
        await queryClient.invalidateQueries({ queryKey: ['help-centre', 'article', articleId, 'revisions'] });
        await refresh(articleId);
        toast(form.draft ? 'Saved as a draft.' : 'Saved and published.');
      }
    } catch (err) {
      setError(errorText(err));
    } finally {
      setSaving(false);
    }
  };

  const onImage = async (file: File) => {
    // Before the article exists the image is an upload of its own, which the article takes when it is saved showing it.
    const att = await uploadArticleImage(articleId, file);
    if (articleId !== null) void queryClient.invalidateQueries({ queryKey: hcKeys.attachments(articleId) });
    return { src: imageSrc(att), alt: file.name.replace(/\.[^.]+$/, '') };
  };

  const addLocale = async (e: FormEvent) => {
    e.preventDefault();
    const l = addingLocale.trim().toLowerCase();
    if (!l || articleId === null) return;
    try {
      await addTranslation(articleId, { locale: l, title: form.title || article.data?.title || '', body: form.body, draft: true });
      await queryClient.invalidateQueries({ queryKey: hcKeys.translations(articleId) });
      setAddingLocale('');
      setParams({ locale: l });
      toast(`Translation ${l} added as a draft, starting from the ${locale} text.`);
    } catch (err) {
      toast(errorText(err), 'error');
    }
  };

  const archive = async () => {
    if (articleId === null) return;
    const ok = await confirm({
      title: 'Archive this article?',
      body: 'It leaves the help centre and its section. Admins can restore it from Archived, or delete it forever there.',
      confirmLabel: 'Archive',
    });
    if (!ok) return;
    try {
      await archiveArticle(articleId);
      await queryClient.invalidateQueries({ queryKey: hcKeys.all });
      toast('Article archived.');
      void navigate('/help-centre/archived');
    } catch (err) {
      toast(errorText(err), 'error');
    }
  };

  if (!isNew && articleId === null) return <p role="alert">There is no such article.</p>;
  if (article.error) return <ErrorBox error={article.error} />;
  if (!isNew && (!article.data || !translations.data)) return <Loading what="Opening the article" />;

  const locales = translations.data?.map((t) => t.locale) ?? [];
  const title = isNew ? 'New article' : 'Edit article';
  return (
    <div className="hc-page">
      <PageHeader title={title}>
        <Link className="btn btn--small btn--ghost" to={sectionId ? `/help-centre?section=${sectionId}` : '/help-centre'}>
          Back to {section ? section.name : 'the help centre'}
        </Link>
        {articleId !== null && (
          <>
            <a className="btn btn--small" href={hcArticlePublicPath(articleId, locale !== article.data?.source_locale ? locale : undefined)} target="_blank" rel="noopener">
              View in help centre
            </a>
            <Link className="btn btn--small" to={`/help-centre/articles/${articleId}/revisions?locale=${encodeURIComponent(locale)}`}>
              Revisions
            </Link>
            {me.abilities.redact && (
              <button type="button" className="btn btn--small" aria-expanded={showRedact} onClick={() => setShowRedact((s) => !s)}>
                Redact…
              </button>
            )}
            {me.abilities.manage_help_centre && (
              <button type="button" className="btn btn--small btn--danger" onClick={() => void archive()}>
                Archive
              </button>
            )}
          </>
        )}
      </PageHeader>
      {showRedact && articleId !== null && (
        <RedactForm
          articleId={articleId}
          onDone={async () => {
            await queryClient.invalidateQueries({ queryKey: hcKeys.translations(articleId) });
            await queryClient.invalidateQueries({ queryKey: ['help-centre', 'article', articleId, 'revisions'] });
            await refresh(articleId);
            setDirty(false);
            setGeneration((g) => g + 1);
          }}
        />
      )}
      {articleId !== null && (
        <div className="hc-locales" role="group" aria-label="Translations">
          <span className="muted">Locale:</span>
          {locales.map((l) => (
            <button
              key={l}
              type="button"
              className={`btn btn--small ${l === locale ? 'btn--primary' : ''}`}
              aria-pressed={l === locale}
              onClick={async () => {
                if (dirty && !(await confirm({ title: 'Leave unsaved changes?', body: `The changes to the ${locale} text are not saved.`, confirmLabel: 'Leave them' }))) return;
                setDirty(false);
                setParams({ locale: l });
              }}
            >
              {l}
              {l === article.data?.source_locale ? ' (source)' : ''}
            </button>
          ))}
          <form className="hc-locales__add" onSubmit={(e) => void addLocale(e)}>
            <label htmlFor="hc-add-locale">Add translation</label>
            <input id="hc-add-locale" list="hc-locale-list" value={addingLocale} onChange={(e) => setAddingLocale(e.target.value)} placeholder="e.g. fr" size={8} maxLength={20} />
            <button type="submit" className="btn btn--small" disabled={!addingLocale.trim()}>
              Add
            </button>
          </form>
        </div>
      )}
      <datalist id="hc-locale-list">
        {HC_COMMON_LOCALES.filter((l) => !locales.includes(l)).map((l) => (
          <option key={l} value={l} />
        ))}
      </datalist>
      <form className="hc-edit panel" onSubmit={(e) => void save(e)} aria-label="Article">
        <div className="field">
          <label htmlFor="hc-title">Title</label>
          <input id="hc-title" value={form.title} maxLength={255} required onChange={(e) => change({ title: e.target.value })} />
        </div>
        <div className="field">
          <span id="hc-body-label" className="hc-edit__label">
            Body
          </span>
          <RichTextEditor
            initial={form.body}
            docKey={isNew ? 'new' : `${articleId}:${locale}:${loadedKey}`}
            labelledBy="hc-body-label"
            onChange={(html) => change({ body: html })}
            onImage={onImage}
          />
        </div>
        <div className="hc-edit__row">
          <div className="field">
            <label htmlFor="hc-labels">Labels</label>
            <input id="hc-labels" value={form.labels} onChange={(e) => change({ labels: e.target.value })} aria-describedby="hc-labels-help" />
            <div id="hc-labels-help" className="muted">
              Separated by commas.
            </div>
          </div>
          {isNew && (
            <div className="field">
              <label htmlFor="hc-locale">Locale</label>
              <input id="hc-locale" list="hc-locale-list" value={newLocale} maxLength={20} onChange={(e) => setNewLocale(e.target.value.trim().toLowerCase())} />
            </div>
          )}
          <fieldset className="hc-edit__state">
            <legend>State{!isNew ? ` (${locale})` : ''}</legend>
            <label className="check">
              <input type="radio" name="hc-state" checked={form.draft} onChange={() => change({ draft: true })} /> Draft
            </label>
            <label className="check">
              <input type="radio" name="hc-state" checked={!form.draft} onChange={() => change({ draft: false })} /> Published
            </label>
          </fieldset>
        </div>
        {error && (
          <p className="errorbox" role="alert">
            {error}
          </p>
        )}
        <div className="form-actions">
          <button type="submit" className="btn btn--primary" disabled={saving}>
            {saving ? 'Saving…' : form.draft ? 'Save draft' : 'Save and publish'}
          </button>
          {dirty && <span className="muted">Unsaved changes</span>}
          {!isNew && translation && (
            <span className="muted">
              Last saved <When at={translation.updated_at} />
            </span>
          )}
        </div>
      </form>
    </div>
  );
}
