import { readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { RunningServer } from '../server.ts';
import { wav } from '../calls/audio.ts';
import { launchChromium, newContext, OWNER_PASSWORD, ownerApi, requireChromium, shot, signIn, startAppServer } from './helpers.ts';

// A voice comment on the ticket page (docs/calls.md): the player plays the stored recording
// (a real WAV), the transcript and the call's facts sit beside it, and "Delete recording"
// asks first, says it cannot be undone, and leaves no player and no transcript.

type Any = any;

requireChromium();

describe('a call on the ticket page in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let ticketId: number;

  beforeAll(async () => {
    server = await startAppServer();
    const agent = (await ownerApi<Any>(server, 'POST', '/users', { user: { name: 'Ann Agent', email: 'ann@e2e.test', role: 'agent' } })).body.user.id;
    const auth = Buffer.from(`${server.ownerEmail}/token:${server.token}`).toString('base64');
    const up = await fetch(`${server.baseUrl}/api/v2/uploads?filename=call.wav`, { method: 'POST', headers: { authorization: `Basic ${auth}`, 'content-type': 'audio/wav' }, body: new Uint8Array(wav(3000)) });
    expect(up.status).toBe(201);
    const token = ((await up.json()) as Any).upload.token;
    const r = await ownerApi<Any>(server, 'POST', '/channels/voice/tickets', {
      ticket: {
        via_id: 45,
        requester: { name: 'Carla Caller', phone: '+14155550100' },
        voice_comment: { from: '+14155550100', to: '+442079460958', started_at: '2026-11-22T09:58:00Z', call_duration: 125, answered_by_id: agent, transcription_text: 'My router blinks red.', recording_upload: token },
      },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    ticketId = r.body.ticket.id;
    browser = await launchChromium();
    ({ page, errors } = await newContext(browser, server));
    await signIn(page, server.ownerEmail, OWNER_PASSWORD);
  }, 120_000);

  // Chromium's audio output (PulseAudio's client) leaves a pulse-* folder in this run's own
  // temporary folder (test/global-setup.ts) once media has played: ours to remove.
  const pulseBefore = new Set(readdirSync(tmpdir()).filter((n) => n.startsWith('pulse-')));
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    for (const n of readdirSync(tmpdir())) if (n.startsWith('pulse-') && !pulseBefore.has(n)) rmSync(join(tmpdir(), n), { recursive: true, force: true });
  });

  it('plays the recording, shows the transcript and facts, and deletes the recording after asking', async () => {
    await page.goto(`/tickets/${ticketId}`);
    const call = page.getByRole('region', { name: /^Call / });
    await call.waitFor();
    await call.getByText('My router blinks red.').waitFor();
    const text = await call.innerText();
    expect(text).toContain('+14155550100');
    expect(text).toContain('+442079460958');
    expect(text).toContain('2:05');
    expect(text).toContain('Ann Agent');
    await shot(page, 'calls-voice-comment');

    // The audio element plays the stored WAV (muted: Chromium lets a page play muted media on its own).
    const audio = call.locator('audio');
    expect(await audio.count()).toBe(1);
    const played = await audio.evaluate(async (el: HTMLAudioElement) => {
      el.muted = true;
      await el.play();
      await new Promise((r) => setTimeout(r, 600));
      return { time: el.currentTime, duration: el.duration, error: el.error?.code ?? null };
    });
    expect(played.error).toBeNull();
    expect(played.time).toBeGreaterThan(0);
    expect(played.duration).toBeCloseTo(3, 0);
    // Seeking works: the server answers Range requests.
    const seeked = await audio.evaluate(async (el: HTMLAudioElement) => {
      el.currentTime = 2.5;
      await new Promise((r) => el.addEventListener('seeked', r, { once: true }));
      return el.currentTime;
    });
    expect(seeked).toBeGreaterThan(2);

    await call.getByRole('button', { name: 'Delete recording' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain('This cannot be undone.');
    await shot(page, 'calls-delete-confirm');
    await dialog.getByRole('button', { name: 'Delete recording' }).click();
    await call.getByText('No recording.').waitFor();
    expect(await call.locator('audio').count()).toBe(0);
    expect(await call.innerText()).not.toContain('My router blinks red.');
    const after = (await ownerApi<Any>(server, 'GET', `/tickets/${ticketId}/comments`)).body.comments[0];
    expect(after.data).toMatchObject({ recording_url: null, transcription_text: null });
    expect(errors).toEqual([]);
  });
});
