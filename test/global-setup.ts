// Says loudly, once per run, when the PostgreSQL half of the suite is not running.
export default function setup(): void {
  if (!process.env.TEST_DATABASE_URL) {
    const line = '='.repeat(78);
    console.warn(
      `\n${line}\n  PostgreSQL tests SKIPPED: TEST_DATABASE_URL is not set.\n` +
        `  Run: TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm test\n${line}\n`,
    );
  }
}
