import { invalidField } from '../../errors.ts';

// The rules of stored recordings (docs/calls.md "Recordings").

/** Largest recording Oubli fetches or takes, in bytes (an hour of 16 kHz mono WAV is ~115 MB; MP3 far less). */
export const MAX_RECORDING_BYTES = 100 * 1024 * 1024;
/** A fetch that takes longer than this (connect to last byte) is abandoned and retried. */
export const FETCH_TIMEOUT_MS = 30_000;
/** Tries before a fetch is given up (its row stays, marked failed, for the operator). */
export const MAX_FETCH_ATTEMPTS = 5;

/** Minutes until the next try after `attempts` failed ones: 1, 5, 25, 125 … */
export function retryDelayMs(attempts: number): number {
  return 60_000 * 5 ** Math.max(0, attempts - 1);
}

/** Audio, as a browser's player can play it: audio/* only (what the integration says the file is). */
export function isAudioType(contentType: string | undefined | null): boolean {
  return !!contentType && /^audio\/[a-z0-9.+-]+$/i.test(contentType.split(';')[0]!.trim());
}

/** The content type to store: the media type alone, lower-cased. */
export function mediaType(contentType: string): string {
  return contentType.split(';')[0]!.trim().toLowerCase();
}

/** Refuses a recording URL that is not plain http(s) with a host (422 naming the field). */
export function checkRecordingUrl(raw: string): URL {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw invalidField('voice_comment.recording_url', 'is not a URL.');
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw invalidField('voice_comment.recording_url', 'must be an http or https URL.');
  if (!u.hostname) throw invalidField('voice_comment.recording_url', 'must name a host.');
  return u;
}
