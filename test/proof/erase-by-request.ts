import { expect } from 'vitest';
import type { TestApp } from '../app.ts';

// The erasure request as the proofs drive it, through the API as an agent would: the marker
// added as a term, every match confirmed but those `reject` picks, executed, jobs drained.

export interface RequestOutcome {
  status: string;
  matches: any[];
  certificate: any;
}

/** Runs one erasure request for `userId` to its end and returns its status, its matches and its certificate. */
export async function eraseByRequest(t: TestApp, userId: number, marker: string, reject: (match: any) => boolean): Promise<RequestOutcome> {
  const opened = await t.call('POST', '/api/v2/erasure_requests', { erasure_request: { user_id: userId, extra_terms: [marker] } });
  expect(opened.status, JSON.stringify(opened.body)).toBe(201);
  const id = opened.body.erasure_request.id as number;
  await t.drainJobs();
  const matches = (await t.call('GET', `/api/v2/erasure_requests/${id}/matches?page[size]=100`)).body.matches as any[];
  const decisions = matches.filter(reject).map((x) => ({ match_id: x.id, decision: 'reject' }));
  expect((await t.call('PUT', `/api/v2/erasure_requests/${id}`, { erasure_request: { decisions, confirm_all: true } })).status).toBe(200);
  expect((await t.call('POST', `/api/v2/erasure_requests/${id}/execute`)).status).toBe(200);
  await t.drainJobs();
  const r = (await t.call('GET', `/api/v2/erasure_requests/${id}`)).body.erasure_request;
  return { status: r.status, matches, certificate: (await t.call('GET', `/api/v2/erasure_requests/${id}/certificate`)).body.certificate };
}
