import { invalidField } from '../../errors.ts';
import { MAX_FILE_NAME } from '../../shared/tickets.ts';

/** An upload token is good for an hour after its first file, as on Zendesk. */
export const UPLOAD_TTL_MS = 60 * 60 * 1000;

/** When the token of these files (all under one token) stops working. */
export function uploadExpiresAt(files: { created_at: string }[], fallback: Date): Date {
  const first = files.reduce((min, f) => (f.created_at < min ? f.created_at : min), fallback.toISOString());
  return new Date(Date.parse(first) + UPLOAD_TTL_MS);
}

export function uploadExpired(files: { created_at: string }[], now: Date): boolean {
  return uploadExpiresAt(files, now).getTime() <= now.getTime();
}

/** The file name to keep: no folders, no control characters, at most 255 characters. */
export function cleanFileName(raw: string): string {
  const base = raw.split(/[\\/]/).pop()!.trim();
  if (!base || base === '.' || base === '..') throw invalidField('filename', 'File name: cannot be blank.');
  if (/[\u0000-\u001f\u007f]/.test(base)) throw invalidField('filename', 'File name: cannot contain control characters.');
  if (base.length > MAX_FILE_NAME) throw invalidField('filename', `File name: is too long (at most ${MAX_FILE_NAME} characters).`);
  return base;
}

const BY_EXTENSION: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  bmp: 'image/bmp',
  avif: 'image/avif',
  svg: 'image/svg+xml',
  pdf: 'application/pdf',
  txt: 'text/plain',
  csv: 'text/csv',
  html: 'text/html',
  htm: 'text/html',
  json: 'application/json',
  xml: 'application/xml',
  zip: 'application/zip',
  gz: 'application/gzip',
  eml: 'message/rfc822',
  mp3: 'audio/mpeg',
  wav: 'audio/wav',
  mp4: 'video/mp4',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

const GENERIC = new Set(['application/binary', 'application/octet-stream', 'binary/octet-stream']);
const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/;

/**
 * The content type to store: the one the client sent when it is a real media type (its
 * charset kept), else a guess from the extension (clients often send application/binary).
 */
export function uploadContentType(header: string | undefined, fileName: string): string {
  const [type = '', ...params] = (header ?? '').split(';').map((p) => p.trim());
  const mt = type.toLowerCase();
  if (MEDIA_TYPE.test(mt) && !GENERIC.has(mt)) {
    const charset = params.map((p) => /^charset="?([A-Za-z0-9._-]{1,40})"?$/i.exec(p)?.[1]).find(Boolean);
    return charset ? `${mt}; charset=${charset.toLowerCase()}` : mt;
  }
  const ext = /\.([A-Za-z0-9]{1,8})$/.exec(fileName)?.[1]?.toLowerCase();
  return (ext && BY_EXTENSION[ext]) || 'application/octet-stream';
}

/** Images a browser may show in place; anything else (SVG included: it can carry script) is downloaded. */
export function isInlineSafeImage(contentType: string): boolean {
  return /^image\/(png|jpeg|gif|webp|bmp|avif)(;|$)/.test(contentType);
}
