import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../../context.ts';
import { escapeHtml } from '../../domain/tickets/comment-body.ts';

// The public help centre's pages (docs/help-centre-community.md): server-rendered HTML that
// works without JavaScript. Every value is escaped here (`h`); only HTML that was sanitized
// on save (article bodies, posts, comments) goes in as it is, through `trusted`.

/** Text put into a page, escaped. */
export const h = (s: string | number | null | undefined): string => escapeHtml(String(s ?? ''));

/** HTML that was sanitized when it was saved. */
export interface Trusted {
  html: string;
}
export const trusted = (html: string): Trusted => ({ html });

/** What every page needs: who is reading, the CSRF token for its forms, the locale. */
export interface PageCtx {
  actor: Actor | null;
  csrf: string;
  locale: string;
  /** The reader's name, when signed in. */
  name: string | null;
}

/** A hidden CSRF field for a form. */
export const csrfField = (p: PageCtx) => `<input type="hidden" name="_csrf" value="${h(p.csrf)}">`;

/** A link within the help centre, keeping the locale. */
export function hcUrl(p: Pick<PageCtx, 'locale'>, path: string): string {
  return `/hc/${encodeURIComponent(p.locale)}${path}`;
}

/** The page around the content. */
export function page(p: PageCtx, title: string, body: string): string {
  const who = p.actor
    ? `<form method="post" action="/hc/signout" class="inline">${csrfField(p)}<span>Signed in as ${h(p.name ?? 'you')}</span> <button type="submit">Sign out</button></form>`
    : `<a href="/hc/signin">Sign in</a>`;
  return `<!doctype html>
<html lang="${h(p.locale)}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${h(title)} – Help Center</title><link rel="stylesheet" href="/hc/hc.css"></head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header><nav aria-label="Help Center"><a href="${hcUrl(p, '')}">Help Center</a> <a href="/hc/community/topics">Community</a>
<form method="get" action="/hc/search" role="search" class="inline"><label for="hc-q">Search articles</label> <input id="hc-q" name="query" type="search"> <input type="hidden" name="locale" value="${h(p.locale)}"><button type="submit">Search</button></form>
${who}</nav></header>
<main id="main">
${body}
</main>
</body></html>`;
}

/** Sends a page with the headers every help-centre page has. */
export function sendPage(reply: FastifyReply, html: string, status = 200): FastifyReply {
  return reply.status(status).type('text/html; charset=utf-8').send(html);
}

/** Where a form sends the reader back to (303 See Other, so a reload does not post again). */
export function seeOther(reply: FastifyReply, to: string): FastifyReply {
  return reply.status(303).header('location', to).send();
}

/** The request's origin, for links in mail. */
export function originOf(req: FastifyRequest): string {
  return `${req.protocol}://${req.headers.host ?? 'localhost'}`;
}

/** An ISO time as readers see it. */
export const when = (iso: string) => `<time datetime="${h(iso)}">${h(iso.slice(0, 16).replace('T', ' '))} UTC</time>`;

export const STYLES = `body{font:16px/1.5 system-ui,sans-serif;margin:0;color:#1b1b1b;background:#fff}
header{background:#17494d;padding:.5rem 1rem}header a,header span{color:#fff;margin-right:1rem}
header label{color:#fff}main{max-width:50rem;margin:1rem auto;padding:0 1rem}
.inline{display:inline}.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;color:#000;padding:.5rem}
article img,.post img{max-width:100%}.comment{border-top:1px solid #ccc;padding:.5rem 0}
.meta{color:#555;font-size:.9rem}.error{color:#a00000;font-weight:bold}label{display:block;margin-top:.5rem}
textarea{width:100%;min-height:8rem}input[type=text],input[type=email]{width:100%;max-width:30rem}
button{margin-top:.5rem}a{color:#0b5cad}header a{color:#fff}
`;
