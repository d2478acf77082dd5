import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { EditorContent, useEditor, useEditorState, type Editor } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import Image from '@tiptap/extension-image';

// The article body editor (docs/web.md "Writing an article"): Tiptap (ProseMirror) with the
// starter kit and images. The toolbar is one tab stop (role=toolbar, arrow keys move between
// its buttons, Home/End to the ends); every button has a name, says whether it is on
// (aria-pressed) and its shortcut. Links are typed into a small form, not a prompt. Images go
// up through `onImage` (the article's attachments) and are inserted by their content_url.

interface Props {
  /** The HTML to start from; a different `docKey` loads a new one (another locale, a reload). */
  initial: string;
  docKey: string;
  onChange(html: string): void;
  /** Uploads an image and answers its URL and a text alternative. */
  onImage(file: File): Promise<{ src: string; alt: string }>;
  labelledBy: string;
}

interface Tool {
  id: string;
  label: string;
  keys?: string;
  icon: string;
  active?: (e: Editor) => boolean;
  run: (e: Editor) => void;
}

const TOOLS: Tool[] = [
  { id: 'bold', label: 'Bold', keys: 'Ctrl+B', icon: 'B', active: (e) => e.isActive('bold'), run: (e) => e.chain().focus().toggleBold().run() },
  { id: 'italic', label: 'Italic', keys: 'Ctrl+I', icon: 'I', active: (e) => e.isActive('italic'), run: (e) => e.chain().focus().toggleItalic().run() },
  { id: 'h2', label: 'Heading', keys: 'Ctrl+Alt+2', icon: 'Heading', active: (e) => e.isActive('heading', { level: 2 }), run: (e) => e.chain().focus().toggleHeading({ level: 2 }).run() },
  { id: 'h3', label: 'Subheading', keys: 'Ctrl+Alt+3', icon: 'Subheading', active: (e) => e.isActive('heading', { level: 3 }), run: (e) => e.chain().focus().toggleHeading({ level: 3 }).run() },
  { id: 'bullets', label: 'Bulleted list', keys: 'Ctrl+Shift+8', icon: 'Bulleted list', active: (e) => e.isActive('bulletList'), run: (e) => e.chain().focus().toggleBulletList().run() },
  { id: 'numbers', label: 'Numbered list', keys: 'Ctrl+Shift+7', icon: 'Numbered list', active: (e) => e.isActive('orderedList'), run: (e) => e.chain().focus().toggleOrderedList().run() },
];

/** Only http(s), mailto and same-site paths become links. */
function safeHref(raw: string): string | null {
  const s = raw.trim();
  if (!s) return null;
  if (/^(https?:|mailto:)/i.test(s) || s.startsWith('/')) return s;
  if (/^[a-z][a-z0-9+.-]*:/i.test(s)) return null;
  return `https://${s}`;
}

export function RichTextEditor({ initial, docKey, onChange, onImage, labelledBy }: Props) {
  const [linkOpen, setLinkOpen] = useState(false);
  const [href, setHref] = useState('');
  const [linkError, setLinkError] = useState('');
  const [uploading, setUploading] = useState(false);
  const [uploadError, setUploadError] = useState('');
  const fileInput = useRef<HTMLInputElement>(null);
  const toolbar = useRef<HTMLDivElement>(null);
  const [focusIndex, setFocusIndex] = useState(0);
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;

  const editor = useEditor({
    extensions: [
      StarterKit.configure({ link: { openOnClick: false, autolink: true, HTMLAttributes: { rel: 'noopener noreferrer nofollow' } } }),
      // The server keeps no text alternative of an image (yet): one without says so to a screen reader as decorative, not as a bare file.
      Image.extend({
        addAttributes() {
          return { ...this.parent?.(), alt: { default: '' } };
        },
      }).configure({ inline: false }),
    ],
    content: initial,
    editorProps: {
      attributes: { role: 'textbox', 'aria-multiline': 'true', 'aria-labelledby': labelledBy, class: 'hc-editor__content prose' },
    },
    onUpdate: ({ editor: e }) => onChangeRef.current(e.getHTML()),
  });

  // Another document (a locale, a reload after saving elsewhere): replace the content without an update event.
  const loaded = useRef(docKey);
  useEffect(() => {
    if (!editor || loaded.current === docKey) return;
    loaded.current = docKey;
    editor.commands.setContent(initial, { emitUpdate: false });
  }, [editor, docKey, initial]);

  const state = useEditorState({
    editor,
    selector: ({ editor: e }) => (e ? { active: TOOLS.map((t) => !!t.active?.(e)), link: e.isActive('link') } : null),
  });

  if (!editor) return null;

  const buttons = () => Array.from(toolbar.current?.querySelectorAll<HTMLButtonElement>('button[data-tool]') ?? []);
  const onToolbarKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const list = buttons();
    const at = list.findIndex((b) => b === document.activeElement);
    if (at === -1) return;
    let next = at;
    if (e.key === 'ArrowRight') next = (at + 1) % list.length;
    else if (e.key === 'ArrowLeft') next = (at - 1 + list.length) % list.length;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = list.length - 1;
    else return;
    e.preventDefault();
    setFocusIndex(next);
    list[next]?.focus();
  };

  const applyLink = () => {
    if (!href.trim()) {
      editor.chain().focus().extendMarkRange('link').unsetLink().run();
      setLinkOpen(false);
      return;
    }
    const url = safeHref(href);
    if (!url) {
      setLinkError('A link starts with https://, http://, mailto: or /.');
      return;
    }
    if (editor.state.selection.empty && !editor.isActive('link')) {
      // Nothing selected: the address goes in as the link's text.
      editor.chain().focus().insertContent({ type: 'text', text: url, marks: [{ type: 'link', attrs: { href: url } }] }).unsetMark('link').insertContent(' ').run();
    } else editor.chain().focus().extendMarkRange('link').setLink({ href: url }).run();
    setLinkOpen(false);
  };

  const pickImage = async (file: File | undefined) => {
    if (!file) return;
    setUploadError('');
    setUploading(true);
    try {
      const { src, alt } = await onImage(file);
      editor.chain().focus().setImage({ src, alt }).run();
    } catch (err) {
      setUploadError(err instanceof Error ? err.message : String(err));
    } finally {
      setUploading(false);
      if (fileInput.current) fileInput.current.value = '';
    }
  };

  const all: { id: string; label: string; keys?: string; icon: string; pressed?: boolean; run: () => void }[] = [
    ...TOOLS.map((t, i) => ({ id: t.id, label: t.label, keys: t.keys, icon: t.icon, pressed: state?.active[i] ?? false, run: () => t.run(editor) })),
    {
      id: 'link',
      label: 'Link',
      keys: 'Ctrl+K',
      icon: 'Link',
      pressed: state?.link ?? false,
      run: () => {
        setHref((editor.getAttributes('link').href as string | undefined) ?? '');
        setLinkError('');
        setLinkOpen(true);
      },
    },
    { id: 'image', label: uploading ? 'Uploading image…' : 'Insert image', icon: uploading ? 'Uploading image…' : 'Insert image', run: () => fileInput.current?.click() },
  ];

  return (
    <div
      className="hc-editor"
      onKeyDown={(e) => {
        if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'k') {
          e.preventDefault();
          all.find((t) => t.id === 'link')?.run();
        }
      }}
    >
      <div ref={toolbar} className="hc-editor__toolbar" role="toolbar" aria-label="Formatting" aria-controls={undefined} onKeyDown={onToolbarKey}>
        {all.map((t, i) => (
          <button
            key={t.id}
            type="button"
            data-tool={t.id}
            className={`btn btn--small hc-tool ${t.pressed ? 'is-on' : ''}`}
            tabIndex={i === focusIndex ? 0 : -1}
            aria-pressed={t.id === 'image' ? undefined : t.pressed}
            aria-label={t.label}
            aria-keyshortcuts={t.keys?.replace(/Ctrl/g, 'Control')}
            title={t.keys ? `${t.label} (${t.keys})` : t.label}
            disabled={t.id === 'image' && uploading}
            onFocus={() => setFocusIndex(i)}
            onClick={t.run}
          >
            <span aria-hidden="true">{t.icon}</span>
          </button>
        ))}
        <input
          ref={fileInput}
          type="file"
          accept="image/png,image/jpeg,image/gif,image/webp"
          className="visually-hidden"
          tabIndex={-1}
          aria-label="Image file"
          onChange={(e) => void pickImage(e.target.files?.[0])}
        />
      </div>
      {linkOpen && (
        <div className="hc-editor__link" role="group" aria-label="Link">
          <label htmlFor="hc-link-href">Link address</label>
          <input
            id="hc-link-href"
            value={href}
            autoFocus
            onChange={(e) => setHref(e.target.value)}
            aria-invalid={linkError ? true : undefined}
            aria-describedby={linkError ? 'hc-link-error' : undefined}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                e.stopPropagation();
                applyLink();
              } else if (e.key === 'Escape') {
                e.preventDefault();
                e.stopPropagation();
                setLinkOpen(false);
                editor.commands.focus();
              }
            }}
          />
          <button type="button" className="btn btn--small" onClick={applyLink}>
            {href.trim() ? 'Apply link' : 'Remove link'}
          </button>
          <button type="button" className="btn btn--small btn--ghost" onClick={() => (setLinkOpen(false), editor.commands.focus())}>
            Cancel
          </button>
          {linkError && (
            <span id="hc-link-error" className="field-error" role="alert">
              {linkError}
            </span>
          )}
        </div>
      )}
      {uploadError && (
        <p className="field-error" role="alert">
          The image was not added: {uploadError}
        </p>
      )}
      <EditorContent editor={editor} />
    </div>
  );
}
