import type { ChatFile, ChatLine, ChatLiveStatus, VisitorServerMessage } from '../../../src/shared/chat-live.ts';
import { forgetToken, loadToken, saveToken } from './storage.ts';
import { WIDGET_CSS } from './style.ts';
import { CLOSE_TOO_MANY, CLOSE_VISITOR_GONE } from './close-codes.ts';

// The chat widget (docs/chat.md, "Embedding the widget"): one script tag on a customer's
// site, <script src="https://<oubli>/chat/widget.js" async></script>. It finds its server
// from its own URL, draws a launcher and a panel in a shadow root (the site's CSS cannot
// break it), and talks to the visitor socket. Every text is set as text, never as HTML.

const script = (document.currentScript as HTMLScriptElement | null) ?? document.querySelector<HTMLScriptElement>('script[src*="/chat/widget.js"]');
const SERVER = new URL(script?.src ?? window.location.href).origin;
const SOCKET_URL = `${SERVER.replace(/^http/, 'ws')}/api/v2/chat/visitor`;
const TOKEN_HEADER = 'x-chat-visitor-token';

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

class ChatWidget {
  private readonly root: ShadowRoot;
  private readonly launcher = el('button', { class: 'launcher', type: 'button', 'aria-expanded': 'false', 'aria-controls': 'oubli-chat-panel' }, 'Chat with us');
  private readonly panel = el('section', { class: 'panel', id: 'oubli-chat-panel', role: 'dialog', 'aria-label': 'Chat', hidden: '' });
  private readonly log = el('div', { class: 'log', role: 'log', 'aria-live': 'polite', 'aria-label': 'Messages' });
  private readonly typing = el('div', { class: 'typing', 'aria-live': 'polite' });
  private readonly body = el('div');
  private socket: WebSocket | null = null;
  private token = loadToken();
  private agentsOnline = false;
  private chat: { id: string; status: ChatLiveStatus } | null = null;
  private retry = 0;
  private typingSent = false;
  private typingTimer: number | undefined;
  private offlineDone = false;
  /** Until the server's first welcome nothing can be sent, so no form is shown. */
  private welcomed = false;

  constructor() {
    const host = el('div', { id: 'oubli-chat' });
    this.root = host.attachShadow({ mode: 'open' });
    const style = el('style', {}, WIDGET_CSS);
    const header = el('header');
    header.append(el('h2', {}, 'Chat'), this.button('×', () => this.toggle(false), { 'aria-label': 'Close the chat window' }));
    this.panel.append(header, this.log, this.typing, this.body);
    this.root.append(style, this.launcher, this.panel);
    this.launcher.addEventListener('click', () => this.toggle(this.panel.hidden));
    this.panel.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') this.toggle(false);
    });
    document.body.append(host);
    this.render();
    this.connect();
    window.addEventListener('popstate', () => this.sendPage());
    window.addEventListener('hashchange', () => this.sendPage());
  }

  private button(text: string, onClick: () => void, attrs: Record<string, string> = {}): HTMLButtonElement {
    const b = el('button', { type: 'button', ...attrs }, text);
    b.addEventListener('click', onClick);
    return b;
  }

  private toggle(open: boolean): void {
    this.panel.hidden = !open;
    this.launcher.setAttribute('aria-expanded', String(open));
    if (open) this.root.querySelector<HTMLElement>('textarea, input')?.focus();
    else this.launcher.focus();
  }

  /** False when there is no open socket: the message was not sent. */
  private send(m: object): boolean {
    if (this.socket?.readyState !== WebSocket.OPEN) return false;
    this.socket.send(JSON.stringify(m));
    return true;
  }

  private page() {
    return { url: window.location.href.slice(0, 2000), title: document.title.slice(0, 300) || undefined };
  }

  private sendPage(): void {
    this.send({ type: 'page', page: this.page() });
  }

  private connect(): void {
    const ws = new WebSocket(SOCKET_URL);
    this.socket = ws;
    ws.addEventListener('open', () => {
      ws.send(JSON.stringify({ type: 'hello', page: this.page(), ...(this.token ? { token: this.token } : {}) }));
    });
    ws.addEventListener('message', (e) => this.received(JSON.parse(String(e.data)) as VisitorServerMessage));
    ws.addEventListener('close', (e) => {
      this.socket = null;
      // The visitor was deleted: forget the secret, come back as someone new.
      if (e.code === CLOSE_VISITOR_GONE) {
        forgetToken();
        this.token = undefined;
        this.log.replaceChildren();
      }
      // The backoff restarts at a welcome, not at an open: a server that opens and then
      // refuses (4429, too many chats from this network) is asked again less and less often.
      const wait = e.code === CLOSE_TOO_MANY ? 60_000 : Math.min(30_000, 1000 * 2 ** this.retry++);
      window.setTimeout(() => this.connect(), wait);
    });
  }

  private received(m: VisitorServerMessage): void {
    switch (m.type) {
      case 'welcome':
        this.welcomed = true;
        this.retry = 0;
        this.token = m.token;
        saveToken(m.token);
        this.agentsOnline = m.agents_online;
        this.chat = m.chat ? { id: m.chat.id, status: m.chat.status } : null;
        this.log.replaceChildren();
        for (const line of m.chat?.lines ?? []) this.addLine(line);
        return this.render();
      case 'agents_online':
        this.agentsOnline = m.online;
        return this.render();
      case 'chat':
        if (this.chat?.id !== m.chat.id) this.log.replaceChildren();
        this.chat = m.chat;
        return this.render();
      case 'line':
        this.addLine(m.line);
        return;
      case 'typing':
        this.typing.textContent = m.typing ? 'An agent is typing…' : '';
        return;
      case 'offline_received':
        this.offlineDone = true;
        return this.render();
      case 'chat_deleted':
        this.chat = null;
        this.log.replaceChildren();
        return this.render();
      case 'error':
        this.note(m.description);
        return;
      case 'pong':
        return;
    }
  }

  private note(text: string): void {
    this.log.append(el('div', { class: 'line system', role: 'status' }, text));
    this.log.scrollTop = this.log.scrollHeight;
  }

  private addLine(line: ChatLine): void {
    const who = line.author === 'visitor' ? 'You' : (line.agent_name ?? 'Agent');
    const div = el('div', { class: `line ${line.author}` });
    if (line.author === 'system') {
      div.textContent = line.event === 'joined' ? `${who} joined the chat` : line.event === 'left' ? `${who} left the chat` : 'The chat has ended';
      if (line.event !== 'ended') this.typing.textContent = '';
    } else {
      div.append(el('span', { class: 'who' }, who), document.createTextNode(line.text));
      for (const f of line.files) div.append(this.fileButton(f));
    }
    this.log.append(div);
    this.log.scrollTop = this.log.scrollHeight;
  }

  /** Files are read with the secret in a header (no cookie, no secret in a URL), then shown from a blob. */
  private fileButton(f: ChatFile): HTMLButtonElement {
    return this.button(f.redacted ? `${f.file_name} (removed)` : `${f.file_name} (${Math.ceil(f.size / 1024)} KB)`, () => void this.openFile(f), { class: 'file' });
  }

  private async openFile(f: ChatFile): Promise<void> {
    const res = await fetch(`${SERVER}${f.url}`, { headers: { [TOKEN_HEADER]: this.token ?? '' } });
    if (!res.ok) return this.note('That file could not be opened.');
    const url = URL.createObjectURL(await res.blob());
    const a = el('a', { href: url, download: f.file_name });
    a.click();
    window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }

  private async upload(file: File): Promise<void> {
    const res = await fetch(`${SERVER}/api/v2/chat/visitor/files?filename=${encodeURIComponent(file.name)}`, {
      method: 'POST',
      headers: { [TOKEN_HEADER]: this.token ?? '', 'content-type': file.type || 'application/octet-stream' },
      body: file,
    });
    if (!res.ok) return this.note('That file could not be sent.');
    const { file: sent } = (await res.json()) as { file: ChatFile };
    this.send({ type: 'message', text: file.name, file_ids: [sent.id] });
  }

  /** The form below the lines: the chat's, or the offline form when nobody is there to answer. */
  private render(): void {
    const open = this.chat !== null && this.chat.status !== 'ended';
    const focused = this.root.activeElement?.getAttribute('name');
    // What the visitor has typed survives a new welcome (a reconnect) or an agent coming online.
    const typed = new Map([...this.body.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input[name], textarea[name]')].map((f) => [f.name, f.value]));
    if (!this.welcomed) this.body.replaceChildren(el('p', { class: 'note', role: 'status' }, 'Connecting…'));
    else if (!open && !this.agentsOnline) this.renderOffline();
    else this.renderChat(open);
    for (const f of this.body.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input[name], textarea[name]')) {
      const v = typed.get(f.name);
      if (v && f.type !== 'file') f.value = v;
    }
    if (focused) this.root.querySelector<HTMLElement>(`[name="${focused}"]`)?.focus();
  }

  private renderChat(open: boolean): void {
    const form = el('form', { 'aria-label': 'Write a message' });
    const fields: HTMLInputElement[] = [];
    if (!open) {
      const name = el('input', { name: 'name', id: 'oc-name', autocomplete: 'name', maxlength: '200' });
      const email = el('input', { name: 'email', id: 'oc-email', type: 'email', autocomplete: 'email', maxlength: '320' });
      form.append(el('label', { for: 'oc-name' }, 'Your name (optional)'), name, el('label', { for: 'oc-email' }, 'Your email (optional)'), email);
      fields.push(name, email);
    }
    const text = el('textarea', { name: 'text', id: 'oc-text', maxlength: '4000', required: '' });
    const file = el('input', { type: 'file', id: 'oc-file', class: 'sr' });
    const row = el('div', { class: 'row' });
    const attach = this.button('Attach a file', () => file.click(), { class: 'secondary' });
    row.append(attach, el('button', { type: 'submit', class: 'primary' }, 'Send'));
    form.append(el('label', { for: 'oc-text' }, 'Message'), text, el('label', { for: 'oc-file', class: 'sr' }, 'File to send'), file, row);
    if (open) form.append(this.button('End chat', () => this.send({ type: 'end' }), { class: 'secondary' }));
    text.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey) {
        e.preventDefault();
        form.requestSubmit();
      }
    });
    text.addEventListener('input', () => this.typed(text.value !== ''));
    file.addEventListener('change', () => {
      const f = file.files?.[0];
      if (f) void this.upload(f);
      file.value = '';
    });
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const value = text.value.trim();
      if (!value) return;
      const [name, email] = fields.map((f) => f.value.trim());
      if (name || email) this.send({ type: 'identify', ...(name ? { name } : {}), ...(email ? { email } : {}) });
      if (!this.send({ type: 'message', text: value })) {
        this.note('Not connected right now: your message is still here. Send it again in a moment.');
        return;
      }
      text.value = '';
      this.typed(false);
      text.focus();
    });
    this.body.replaceChildren(form);
  }

  private typed(typing: boolean): void {
    window.clearTimeout(this.typingTimer);
    if (typing !== this.typingSent) this.send({ type: 'typing', typing });
    this.typingSent = typing;
    if (typing) this.typingTimer = window.setTimeout(() => this.typed(false), 5000);
  }

  private renderOffline(): void {
    if (this.offlineDone) {
      this.body.replaceChildren(el('p', { class: 'note', role: 'status' }, 'Thank you: we got your message and will answer by email.'));
      return;
    }
    const form = el('form', { 'aria-label': 'Leave a message' });
    const name = el('input', { name: 'oname', id: 'oc-oname', autocomplete: 'name', required: '', maxlength: '200' });
    const email = el('input', { name: 'oemail', id: 'oc-oemail', type: 'email', autocomplete: 'email', required: '', maxlength: '320' });
    const text = el('textarea', { name: 'otext', id: 'oc-otext', required: '', maxlength: '4000' });
    form.append(
      el('p', { class: 'note' }, 'Nobody is here to chat right now. Leave a message and we will answer by email.'),
      el('label', { for: 'oc-oname' }, 'Your name'),
      name,
      el('label', { for: 'oc-oemail' }, 'Your email'),
      email,
      el('label', { for: 'oc-otext' }, 'Message'),
      text,
      el('button', { type: 'submit', class: 'primary' }, 'Send message'),
    );
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const sent = this.send({ type: 'offline_message', name: name.value.trim(), email: email.value.trim(), text: text.value.trim() });
      if (!sent) this.note('Not connected right now: your message is still here. Send it again in a moment.');
    });
    this.body.replaceChildren(form);
  }
}

if (!document.getElementById('oubli-chat')) {
  if (document.body) new ChatWidget();
  else document.addEventListener('DOMContentLoaded', () => new ChatWidget());
}
