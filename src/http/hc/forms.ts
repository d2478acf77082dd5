import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../../errors.ts';
import { CSRF_HEADER, requireCsrf } from '../session.ts';

// The public pages' forms: application/x-www-form-urlencoded, or multipart/form-data when a
// form carries an image. Bodies arrive as bytes (the app's catch-all parser) and are read
// here. Every form carries the CSRF token in a hidden `_csrf` field, checked against the
// browser's CSRF secret cookie by the same @fastify/csrf-protection the agent app uses.

/** A file from a multipart form. */
export interface FormFile {
  fileName: string;
  contentType: string;
  data: Buffer;
}

export interface Form {
  fields: Map<string, string>;
  files: Map<string, FormFile>;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

function text(b: Buffer): string {
  try {
    return UTF8.decode(b);
  } catch {
    throw new AppError('invalid_request', 'The form is not valid UTF-8.');
  }
}

function parseMultipart(body: Buffer, boundary: string): Form {
  const form: Form = { fields: new Map(), files: new Map() };
  const delim = Buffer.from(`--${boundary}`);
  let pos = body.indexOf(delim);
  if (pos < 0) throw new AppError('invalid_request', 'The form could not be read.');
  for (let parts = 0; parts < 50; parts++) {
    pos += delim.length;
    if (body.subarray(pos, pos + 2).toString() === '--') return form;
    pos += 2; // CRLF after the delimiter
    const headEnd = body.indexOf('\r\n\r\n', pos);
    if (headEnd < 0) break;
    const head = body.subarray(pos, headEnd).toString('utf8');
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delim]), headEnd + 4);
    if (next < 0) break;
    const data = body.subarray(headEnd + 4, next);
    const disposition = /content-disposition:\s*form-data;([^\r\n]*)/i.exec(head)?.[1] ?? '';
    const name = /\bname="([^"]*)"/i.exec(disposition)?.[1];
    const fileName = /\bfilename="([^"]*)"/i.exec(disposition)?.[1];
    const type = /content-type:\s*([^\r\n;]+)/i.exec(head)?.[1]?.trim() ?? 'application/octet-stream';
    if (name !== undefined) {
      if (fileName !== undefined) {
        if (data.length) form.files.set(name, { fileName, contentType: type, data: Buffer.from(data) });
      } else form.fields.set(name, text(data));
    }
    pos = next + 2;
  }
  throw new AppError('invalid_request', 'The form could not be read.');
}

/** Reads a form body (either encoding). */
export function readForm(req: FastifyRequest): Form {
  const type = String(req.headers['content-type'] ?? '').toLowerCase();
  const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  if (type.startsWith('multipart/form-data')) {
    const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(String(req.headers['content-type']));
    if (!boundary) throw new AppError('invalid_request', 'The form could not be read.');
    return parseMultipart(body, boundary[1] ?? boundary[2]!);
  }
  if (type.startsWith('application/x-www-form-urlencoded') || type === '') {
    const params = new URLSearchParams(text(body));
    const fields = new Map<string, string>();
    for (const [k, v] of params) if (!fields.has(k)) fields.set(k, v);
    return { fields, files: new Map() };
  }
  throw new AppError('invalid_request', 'Send the form as a web browser does.');
}

/** Reads a form and checks its CSRF token (403 when missing or stale). */
export async function readCheckedForm(app: FastifyInstance, req: FastifyRequest): Promise<Form> {
  const form = readForm(req);
  // The plugin reads the token from the header; a form cannot set one, so it is copied from the field.
  req.headers[CSRF_HEADER] = form.fields.get('_csrf') ?? '';
  await requireCsrf(app, req);
  return form;
}
