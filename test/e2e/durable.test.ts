import { afterEach, expect, it } from 'vitest';
import { describeEachDb } from '../db.ts';
import { startServer, type RunningServer } from '../server.ts';

// The real `oubli serve` reads its own connection's commit setting at start and says it
// (docs/operations.md, "Durable commits"): a ticket answered 201 or a mail answered 250 is
// on disk before the answer, so a power loss loses nothing acknowledged.

describeEachDb('durable commits', (kind) => {
  let server: RunningServer | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  it('serves with commits that survive a power loss, and says so', async () => {
    server = await startServer(kind);
    const said = kind === 'sqlite' ? 'Commits are durable (synchronous = FULL).' : 'Commits are durable (synchronous_commit = on).';
    expect(server.output()).toContain(said);
    expect(server.output()).not.toContain('NOT durable');
  }, 90_000);
});
