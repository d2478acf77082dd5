import type { Answer, Who, World } from './world.ts';

// The role × action table of docs/permissions.md, as data: each row is one action of the
// API, what each column's caller gets (the HTTP status), and how to make a fresh target for
// it. test/security/roles.test.ts calls every cell and renders the docs from these rows.

export type Expect = Record<Who, number>;

export interface Row {
  area: string;
  action: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS';
  /** As the docs show it. */
  path: string;
  expect: Expect;
  /** Made once per row and handed to `make`: fixtures that the row's calls only read. */
  shared?: (w: World) => Promise<any>;
  /** Fresh fixtures for one cell, and the request to send as `who`. Default: `path` as is. */
  make?: (w: World, who: Who, shared: any) => Promise<{ url: string; body?: unknown }>;
  /** For the rows where the credential is in the request itself (signing in): fixtures, then the call. */
  run?: (w: World, who: Who) => Promise<() => Promise<Answer>>;
}

/** Any agent or admin; end users 403, nobody 401. */
export const staff = (s: number): Expect => ({ owner: s, admin: s, agentDelete: s, agent: s, endUser: 403, nobody: 401 });
/** Admins, and agents with the delete-tickets permission. */
export const deleters = (s: number): Expect => ({ ...staff(s), agent: 403 });
/** Admins (the owner is one). */
export const admins = (s: number): Expect => ({ ...staff(s), agentDelete: 403, agent: 403 });
/** No one: every agent or admin gets `s` (403 or 404). */
export const noStaff = (s: number): Expect => ({ owner: s, admin: s, agentDelete: s, agent: s, endUser: 403, nobody: 401 });
export const everyone = (s: number): Expect => ({ owner: s, admin: s, agentDelete: s, agent: s, endUser: s, nobody: s });

export const api = (path: string) => `/api/v2${path}`;
