import { useEffect, useRef } from 'react';
import type { ChatFile, ChatLine, LiveChat } from '../../../../src/shared/chat-live.ts';

// A chat's lines, oldest first, in a log (role="log": a polite live region, so a screen
// reader reads each new line as it arrives, not the whole transcript again). It scrolls to
// the newest line unless the agent scrolled up to read.

const EVENT_WORDS: Record<NonNullable<ChatLine['event']>, string> = { joined: 'joined the chat', left: 'left the chat', ended: 'The chat ended' };

/** "14:05" for today, "3 Dec, 14:05" for other days. */
export function shortTime(at: string): string {
  const d = new Date(at);
  const today = new Date().toDateString() === d.toDateString();
  return today ? d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' }) : d.toLocaleString(undefined, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
}

function systemText(line: ChatLine): string {
  if (!line.event) return line.text;
  if (line.event === 'ended') return EVENT_WORDS.ended;
  return `${line.agent_name ?? 'An agent'} ${EVENT_WORDS[line.event]}`;
}

function FileItem({ file }: { file: ChatFile }) {
  if (file.redacted) return <li className="chatfile chatfile--redacted">{file.file_name} (file removed)</li>;
  const image = file.content_type.startsWith('image/');
  return (
    <li className="chatfile">
      <a href={file.url} target="_blank" rel="noreferrer">
        {image && <img src={file.url} alt="" className="chatfile__thumb" loading="lazy" />}
        <span>{file.file_name}</span>
        <span className="muted"> ({Math.max(1, Math.round(file.size / 1024))} KB)</span>
      </a>
    </li>
  );
}

/** Who wrote a line, as the agent reads it. */
function authorOf(line: ChatLine, visitorName: string): string {
  if (line.author === 'visitor') return visitorName;
  return line.agent_name ?? 'Agent';
}

export function Transcript({ chat, visitorName, typing }: { chat: LiveChat; visitorName: string; typing: boolean }) {
  const box = useRef<HTMLDivElement>(null);
  const stuck = useRef(true);
  useEffect(() => {
    const el = box.current;
    if (el && stuck.current) el.scrollTop = el.scrollHeight;
  }, [chat.lines.length, typing]);
  const onScroll = () => {
    const el = box.current;
    if (el) stuck.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
  };
  return (
    <div className="transcript" ref={box} onScroll={onScroll} tabIndex={0} role="group" aria-label="Transcript">
      {/* The log is a wrapper: on the list itself, role=log would hide the list from screen readers. */}
      <div role="log" aria-live="polite" aria-label="Chat lines">
        <ol className="transcript__lines">
          {chat.lines.length === 0 && <li className="muted">No messages yet.</li>}
          {chat.lines.map((line) =>
            line.author === 'system' ? (
              <li key={line.id} className="chatline chatline--system">
                {systemText(line)} · <time dateTime={line.created_at}>{shortTime(line.created_at)}</time>
              </li>
            ) : (
              <li key={line.id} className={`chatline chatline--${line.author}`}>
                <div className="chatline__meta">
                  <strong>{authorOf(line, visitorName)}</strong> <time dateTime={line.created_at} title={line.created_at}>{shortTime(line.created_at)}</time>
                </div>
                <div className="chatline__text">{line.text}</div>
                {line.files.length > 0 && (
                  <ul className="chatline__files" aria-label="Files">
                    {line.files.map((f) => (
                      <FileItem key={f.id} file={f} />
                    ))}
                  </ul>
                )}
              </li>
            ),
          )}
        </ol>
      </div>
      {/* Outside the log: "is typing" comes and goes and would be read out each time. */}
      <p className="transcript__typing muted" aria-hidden={!typing}>
        {typing ? `${visitorName} is typing…` : ''}
      </p>
    </div>
  );
}
