import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { errorText } from '../../lib/api.ts';
import { CHAT_MESSAGE_MAX, type ChatFile } from '../../../../src/shared/chat-live.ts';
import { uploadChatFile } from './chat-api.ts';

// Writing to the visitor. Enter sends, Shift+Enter starts a new line. Files go up first
// (the files route), then their ids go with the message. The text is the parent's (one
// draft per chat, in the page's memory), so it stays while the socket reconnects or the
// agent looks at another chat. A message of files alone carries their names as its text,
// since a chat line always has text.

const TYPING_IDLE_MS = 3000;

export interface ComposerProps {
  chatId: string;
  text: string;
  onText(text: string): void;
  /** Sends a line; false when the socket is not open (the text then stays). */
  onSend(text: string, fileIds: number[]): boolean;
  onTyping(typing: boolean): void;
  /** The socket is open. */
  connected: boolean;
}

export function Composer({ chatId, text, onText, onSend, onTyping, connected }: ComposerProps) {
  const id = useId();
  const box = useRef<HTMLTextAreaElement>(null);
  const picker = useRef<HTMLInputElement>(null);
  const [files, setFiles] = useState<ChatFile[]>([]);
  const [uploading, setUploading] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const typing = useRef(false);
  const idle = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  // Another chat: its own files, and no "typing" left on the one before.
  // It appears when the agent takes or joins a chat, or opens one they are in: writing is next.
  useEffect(() => {
    setFiles([]);
    setError(null);
    box.current?.focus();
    return () => {
      if (idle.current) clearTimeout(idle.current);
      if (typing.current) onTyping(false);
      typing.current = false;
    };
  }, [chatId, onTyping]);

  const stopTyping = () => {
    if (idle.current) clearTimeout(idle.current);
    if (typing.current) onTyping(false);
    typing.current = false;
  };

  const change = (v: string) => {
    onText(v);
    if (!typing.current && v.trim()) {
      typing.current = true;
      onTyping(true);
    }
    if (idle.current) clearTimeout(idle.current);
    idle.current = setTimeout(stopTyping, TYPING_IDLE_MS);
  };

  const send = () => {
    if (uploading) return;
    const words = text.trim() || files.map((f) => f.file_name).join(', ');
    if (!words) return;
    if (words.length > CHAT_MESSAGE_MAX) {
      setError(`A message holds at most ${CHAT_MESSAGE_MAX} characters.`);
      return;
    }
    if (!onSend(words, files.map((f) => f.id))) {
      setError('Not connected: the message was not sent. It stays here; send it again once the chat reconnects.');
      return;
    }
    stopTyping();
    setError(null);
    setFiles([]);
    onText('');
    box.current?.focus();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      send();
    }
  };

  const attach = async (list: FileList | null) => {
    if (!list?.length) return;
    setError(null);
    setUploading((n) => n + list.length);
    for (const f of Array.from(list)) {
      try {
        const kept = await uploadChatFile(chatId, f);
        setFiles((all) => [...all, kept]);
      } catch (err) {
        setError(`${f.name}: ${errorText(err)}`);
      } finally {
        setUploading((n) => n - 1);
      }
    }
    if (picker.current) picker.current.value = '';
    box.current?.focus();
  };

  return (
    <form
      className="composer"
      aria-label="Reply to the visitor"
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
    >
      <label htmlFor={`${id}-text`} className="visually-hidden">
        Message to the visitor
      </label>
      <textarea
        id={`${id}-text`}
        ref={box}
        className="composer__text"
        rows={2}
        value={text}
        maxLength={CHAT_MESSAGE_MAX}
        placeholder="Write to the visitor… (Enter sends, Shift+Enter for a new line)"
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(e) => change(e.target.value)}
        onKeyDown={onKeyDown}
      />
      {files.length > 0 && (
        <ul className="composer__files" aria-label="Files to send">
          {files.map((f) => (
            <li key={f.id}>
              {f.file_name}{' '}
              <button type="button" className="btn btn--ghost btn--small" aria-label={`Remove ${f.file_name}`} onClick={() => setFiles((all) => all.filter((x) => x.id !== f.id))}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      {error && (
        <p id={`${id}-error`} className="composer__error" role="alert">
          {error}
        </p>
      )}
      <div className="composer__actions">
        {/* The picker itself stays hidden: the button opens it, and takes the focus ring. */}
        <input ref={picker} type="file" multiple hidden aria-label="Files to attach" onChange={(e) => void attach(e.target.files)} />
        <button type="button" className="btn btn--small" onClick={() => picker.current?.click()}>
          Attach files
        </button>
        {uploading > 0 && (
          <span className="muted" role="status">
            Uploading {uploading}…
          </span>
        )}
        <button type="submit" className="btn btn--primary btn--small" disabled={!connected || uploading > 0}>
          Send
        </button>
      </div>
    </form>
  );
}
