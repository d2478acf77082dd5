import type { Comment } from '../../../../src/shared/comments.ts';
import type { VoiceCommentData } from '../../../../src/shared/calls.ts';
import type { User } from '../../../../src/shared/users.ts';
import { api, errorText } from '../../lib/api.ts';
import { nameOf } from '../../lib/users.ts';
import { useConfirm } from '../../components/Confirm.tsx';
import { useToast } from '../../components/Toasts.tsx';

// A call's voice comment (docs/calls.md): the recording's player on the staff audio URL, the
// transcript beside it, the numbers, the duration and who answered, and — for those allowed —
// deleting the recording for good. Everything shown is read from the call, so a deleted
// recording leaves no player and no transcript.

export interface VoiceProps {
  /** Why deleting recordings is refused (no delete-tickets permission), or null when allowed. */
  refusal: string | null;
  /** Called after a recording was deleted, to read the conversation again. */
  deleted: () => Promise<void>;
}

function duration(s: number | null): string {
  if (s === null) return 'unknown length';
  const m = Math.floor(s / 60);
  return `${m}:${String(s % 60).padStart(2, '0')}`;
}

function Recording({ label, url }: { label: string; url: string }) {
  return (
    <figure className="voice__recording">
      <figcaption>{label}</figcaption>
      {/* The browser fetches with the session cookie; the server answers Range requests so the player can seek. */}
      <audio controls preload="metadata" src={url} aria-label={label} />
    </figure>
  );
}

/** The call facts and player of a VoiceComment. */
export function VoiceComment({ comment, data, users, voice }: { comment: Comment; data: VoiceCommentData; users: Map<number, User>; voice: VoiceProps }) {
  const confirm = useConfirm();
  const toast = useToast();
  const hasRecording = !!(data.recording_url || data.voicemail_url || data.transcription_text);
  const remove = async () => {
    const ok = await confirm({
      title: 'Delete this call’s recording?',
      body: (
        <>
          <p>The audio and its transcript are deleted for good, from every place Oubli stored them. The call itself (numbers, time, duration) stays on the ticket.</p>
          <p>
            <strong>This cannot be undone.</strong>
          </p>
        </>
      ),
      confirmLabel: 'Delete recording',
      danger: true,
    });
    if (!ok) return;
    try {
      await api('DELETE', `/channels/voice/calls/${data.call_id}/recordings`);
      toast('Recording deleted.');
      await voice.deleted();
    } catch (err) {
      toast(errorText(err), 'error');
    }
  };
  return (
    <section className="voice" aria-label={`Call ${comment.id}`}>
      <dl className="voice__facts">
        <dt>{data.direction === 'outbound' ? 'Outbound call' : 'Inbound call'}</dt>
        <dd>
          from <span className="voice__number">{data.from ?? 'unknown'}</span> to <span className="voice__number">{data.to ?? 'unknown'}</span>
        </dd>
        <dt>Duration</dt>
        <dd>{duration(data.call_duration)}</dd>
        <dt>Answered by</dt>
        <dd>{data.answered_by_id === null ? 'No one' : nameOf(users, data.answered_by_id)}</dd>
      </dl>
      <div className="voice__media">
        {data.recording_url && <Recording label="Call recording" url={data.recording_url} />}
        {data.voicemail_url && <Recording label="Voicemail" url={data.voicemail_url} />}
        {data.recording_pending && <p className="muted">The recording is being fetched from the phone system.</p>}
        {!hasRecording && !data.recording_pending && <p className="muted voice__none">No recording.</p>}
        {data.transcription_text && (
          <blockquote className="voice__transcript" aria-label="Transcript">
            {data.transcription_text}
          </blockquote>
        )}
      </div>
      {hasRecording && (
        <button type="button" className="btn btn--small btn--danger voice__delete" disabled={!!voice.refusal} title={voice.refusal ?? undefined} onClick={() => void remove()}>
          Delete recording
        </button>
      )}
    </section>
  );
}
