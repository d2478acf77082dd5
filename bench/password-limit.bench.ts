import { createTestApp } from '../test/app.ts';

// `node bin/run-ts.js bench/password-limit.bench.ts [sqlite|postgres]`: how many password
// guesses get through the password limit (docs/api.md "Password limit"), at the default
// settings, counted on the fake clock (no waiting). Two guessers try one Basic email:password
// request every 100 ms (600 a minute), for 10 minutes and for an hour:
//   - one client address, a new target email each time (only the address limit applies);
//   - one target account, a new client address each time (only the account limit applies).
// "Through" means the password was tested (401); everything else was refused with 429.
// A third line shows the worst burst at a window's edge: a full window's worth at its end,
// then another at the start of the next.

const kind = (process.argv[2] ?? 'sqlite') as 'sqlite' | 'postgres';
const STEP_MS = 100;

async function guesser(label: string, MINUTES: number, pick: (i: number) => { email: string; from: string }) {
  const t = await createTestApp(kind);
  const perMinute: number[] = Array(MINUTES).fill(0);
  for (let i = 0; i < (MINUTES * 60_000) / STEP_MS; i++) {
    const { email, from } = pick(i);
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v2/tickets',
      remoteAddress: from,
      headers: { authorization: `Basic ${Buffer.from(`${email}:guess-${i}`).toString('base64')}` },
    });
    if (res.statusCode === 401) perMinute[Math.floor((i * STEP_MS) / 60_000)]!++;
    else if (res.statusCode !== 429) throw new Error(`unexpected ${res.statusCode}`);
    t.clock.advance(STEP_MS);
  }
  const total = perMinute.reduce((a, b) => a + b, 0);
  let worst15 = 0;
  for (let m = 0; m + 15 <= MINUTES; m++) worst15 = Math.max(worst15, perMinute.slice(m, m + 15).reduce((a, b) => a + b, 0));
  console.log(
    `${label}: ${total} of ${(MINUTES * 60_000) / STEP_MS} guesses tested in ${MINUTES} min = ${(total / MINUTES).toFixed(2)}/min; ` +
      `most in one minute ${Math.max(...perMinute)}${MINUTES >= 15 ? `, in any 15 whole minutes ${worst15}` : ''}`,
  );
  await t.close();
}

async function edgeBurst() {
  const t = await createTestApp(kind);
  // 59.9 s into a minute window: 30 guesses, then 0.2 s later (next window) 30 more.
  t.clock.set('2026-11-22T10:00:59.700Z');
  let through = 0;
  for (let i = 0; i < 70; i++) {
    if (i === 35) t.clock.advance(400);
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v2/tickets',
      remoteAddress: '198.51.100.1',
      headers: { authorization: `Basic ${Buffer.from(`edge${i}@example.test:x`).toString('base64')}` },
    });
    if (res.statusCode === 401) through++;
  }
  console.log(`edge burst, one address: ${through} guesses tested within 0.4 s across a window edge (fixed windows)`);
  await t.close();
}

console.log(`password limit at the default settings, ${kind}`);
await guesser('one address, many accounts', 10, (i) => ({ email: `target${i}@example.test`, from: '198.51.100.7' }));
await guesser('one account, many addresses', 60, (i) => ({ email: 'victim@example.test', from: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` }));
await edgeBurst();
