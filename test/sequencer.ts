import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The files that take longest first (measured in CI, most first), then vitest's own order.
 * Without a cache of earlier runs (a fresh clone, as CI is) vitest orders by file size, and
 * roles.test.ts is small in bytes but long to run (its rows are in other files): it started
 * last and ran alone for four minutes at the end.
 */
const LONGEST = [
  'test/browser/chat.test.ts',
  'test/security/roles.test.ts',
  'test/security/path-spellings.test.ts',
  'test/browser/help-centre.test.ts',
  'test/browser/chat-delete.test.ts',
  'src/jobs/handlers/erasure-requests.test.ts',
  'test/e2e/live.test.ts',
  'test/e2e/webhooks.test.ts',
];

export default class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (f: TestSpecification) => LONGEST.findIndex((name) => f.moduleId.endsWith(name));
    const first = sorted.filter((f) => rank(f) >= 0).sort((a, b) => rank(a) - rank(b));
    return [...first, ...sorted.filter((f) => rank(f) < 0)];
  }
}
