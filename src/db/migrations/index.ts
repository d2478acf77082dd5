import type { Kysely, Migration, MigrationProvider } from 'kysely';
import type { DialectCaps } from '../dialects/caps.ts';
import * as core from './2026-11-22-001-core.ts';

// One migration set for both databases: each file gets the dialect's capabilities.
// Listed by hand (not read from disk) so that the order is explicit and tsx needs no glob.
const migrations: Record<string, { up(db: Kysely<any>, caps: DialectCaps): Promise<void> }> = {
  '2026-11-22-001-core': core,
  '2026-11-22-002-mail': await import('./2026-11-22-002-mail.ts'),
  '2026-11-22-003-search': await import('./2026-11-22-003-search.ts'),
  '2026-11-22-004-sessions': await import('./2026-11-22-004-sessions.ts'),
  '2026-11-22-005-pending-erasure-index': await import('./2026-11-22-005-pending-erasure-index.ts'),
  '2026-11-22-006-erasure-requests': await import('./2026-11-22-006-erasure-requests.ts'),
  '2026-12-01-001-auth-attempts': await import('./2026-12-01-001-auth-attempts.ts'),
  '2026-12-01-003-mail-erasure': await import('./2026-12-01-003-mail-erasure.ts'),
  '2026-12-01-004-mail-volume': await import('./2026-12-01-004-mail-volume.ts'),
  '2026-12-01-005-jobs': await import('./2026-12-01-005-jobs.ts'),
  '2026-12-01-006-erasure-matches': await import('./2026-12-01-006-erasure-matches.ts'),
  '2026-12-01-007-erasure-verification': await import('./2026-12-01-007-erasure-verification.ts'),
  '2026-12-01-010-live-changes': await import('./2026-12-01-010-live-changes.ts'),
  '2026-12-01-011-workspace': await import('./2026-12-01-011-workspace.ts'),
  '2026-12-02-001-chat': await import('./2026-12-02-001-chat.ts'),
  '2026-12-02-002-calls': await import('./2026-12-02-002-calls.ts'),
  '2026-12-02-004-chat-tags': await import('./2026-12-02-004-chat-tags.ts'),
  '2026-12-02-005-call-recording-fetches': await import('./2026-12-02-005-call-recording-fetches.ts'),
  '2026-12-02-006-help-centre': await import('./2026-12-02-006-help-centre.ts'),
  '2026-12-02-010-satisfaction': await import('./2026-12-02-010-satisfaction.ts'),
  '2026-12-02-011-recipients': await import('./2026-12-02-011-recipients.ts'),
  '2026-12-02-020-incremental-exports': await import('./2026-12-02-020-incremental-exports.ts'),
  '2026-12-02-030-webhooks': await import('./2026-12-02-030-webhooks.ts'),
  '2026-12-02-040-reports': await import('./2026-12-02-040-reports.ts'),
  '2026-12-04-001-search-purges': await import('./2026-12-04-001-search-purges.ts'),
};

export function migrationProvider(caps: DialectCaps): MigrationProvider {
  return {
    async getMigrations() {
      const out: Record<string, Migration> = {};
      for (const [name, m] of Object.entries(migrations)) out[name] = { up: (db) => m.up(db, caps) };
      return out;
    },
  };
}
