import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../../errors.ts';
import { isMultipart, readMultipart } from '../multipart.ts';
import { CSRF_HEADER, requireCsrf } from '../session.ts';

// The public pages' forms: application/x-www-form-urlencoded, or multipart/form-data when a
// form carries an image. Bodies arrive as bytes (the app's catch-all parser); multipart ones
// are read by the runtime's parser (../multipart.ts). Every form carries the CSRF token in a hidden `_csrf` field, checked against the
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

/** A multipart form's text fields and non-empty files (the runtime's parser: ../multipart.ts). */
async function fromMultipart(req: FastifyRequest): Promise<Form> {
  const data = await readMultipart(req, 'The form could not be read.');
  const form: Form = { fields: new Map(), files: new Map() };
  for (const [name, value] of data) {
    if (typeof value === 'string') {
      if (!form.fields.has(name)) form.fields.set(name, value);
    } else if (value.size > 0 && !form.files.has(name)) {
      form.files.set(name, { fileName: value.name, contentType: value.type || 'application/octet-stream', data: Buffer.from(await value.arrayBuffer()) });
    }
  }
  return form;
}

/** Reads a form body (either encoding). */
export async function readForm(req: FastifyRequest): Promise<Form> {
  const type = String(req.headers['content-type'] ?? '').toLowerCase();
  const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  if (isMultipart(req)) return fromMultipart(req);
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
  const form = await readForm(req);
  // The plugin reads the token from the header; a form cannot set one, so it is copied from the field.
  req.headers[CSRF_HEADER] = form.fields.get('_csrf') ?? '';
  await requireCsrf(app, req);
  return form;
}
