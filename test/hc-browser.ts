import type { Relay } from './smtp.ts';

// A visitor of the public help centre over real HTTP, as a browser without JavaScript is:
// it keeps cookies (by name; every cookie here is for the one host), follows nothing on its
// own, and sends forms with the CSRF token the last page it read carried.

export interface Page {
  status: number;
  html: string;
  location: string | null;
}

export class HcVisitor {
  cookies = new Map<string, { value: string; path: string }>();
  csrf = '';
  constructor(private base: string) {}

  private cookieHeader(path: string): string {
    return [...this.cookies].filter(([, c]) => path.startsWith(c.path)).map(([k, c]) => `${k}=${c.value}`).join('; ');
  }

  private keep(res: Response): void {
    for (const c of res.headers.getSetCookie()) {
      const [pair, ...attrs] = c.split(';');
      const [k, ...v] = pair!.split('=');
      const path = attrs.map((a) => a.trim()).find((a) => a.toLowerCase().startsWith('path='))?.slice(5) ?? '/';
      if (v.join('=') === '' || /Max-Age=0|Expires=Thu, 01 Jan 1970/i.test(c)) this.cookies.delete(k!);
      else this.cookies.set(k!, { value: v.join('='), path });
    }
  }

  async request(method: string, path: string, body?: URLSearchParams | FormData, extra: Record<string, string> = {}): Promise<Page> {
    const headers: Record<string, string> = { ...extra };
    const cookie = this.cookieHeader(path);
    if (cookie) headers.cookie = cookie;
    const res = await fetch(`${this.base}${path}`, { method, headers, body, redirect: 'manual' });
    this.keep(res);
    const html = await res.text();
    const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
    if (token) this.csrf = token;
    return { status: res.status, html, location: res.headers.get('location') };
  }

  get(path: string): Promise<Page> {
    return this.request('GET', path);
  }

  /** Posts a form with this visitor's CSRF token (unless `_csrf` is given). */
  post(path: string, fields: Record<string, string>, files: Record<string, { name: string; type: string; data: Buffer }> = {}): Promise<Page> {
    const all = { _csrf: this.csrf, ...fields };
    if (!Object.keys(files).length) return this.request('POST', path, new URLSearchParams(all), { 'content-type': 'application/x-www-form-urlencoded' });
    const fd = new FormData();
    for (const [k, v] of Object.entries(all)) fd.append(k, v);
    for (const [k, f] of Object.entries(files)) fd.append(k, new Blob([new Uint8Array(f.data)], { type: f.type }), f.name);
    return this.request('POST', path, fd);
  }

  /** Asks for a sign-in link, reads it from the mail the relay caught, and follows it. */
  async signIn(email: string, relay: Relay): Promise<void> {
    const before = relay.caught.length;
    await this.get('/hc/signin');
    const asked = await this.post('/hc/signin', { email });
    if (asked.status !== 303) throw new Error(`sign-in form answered ${asked.status}`);
    const end = Date.now() + 20_000;
    while (relay.caught.length === before) {
      if (Date.now() > end) throw new Error('no sign-in mail');
      await new Promise((r) => setTimeout(r, 50));
    }
    const link = signinLinkIn(relay.caught[relay.caught.length - 1]!.parsed.text ?? '');
    await this.get(new URL(link).pathname + new URL(link).search);
    const done = await this.post('/hc/signin/link', { token: new URL(link).searchParams.get('token')! });
    if (done.status !== 303) throw new Error(`sign-in link answered ${done.status}: ${done.html.slice(0, 300)}`);
  }
}

/** The sign-in link in a mail's text. */
export function signinLinkIn(text: string): string {
  const m = /(https?:\/\/\S+\/hc\/signin\/link\?token=\S+)/.exec(text);
  if (!m) throw new Error('no link in the mail');
  return m[1]!;
}
