import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// The layering rules of docs/architecture.md, checked on the source text. Each check lists
// the places that break a rule, so a failure names the file and line to fix.

const ROOT = resolve(import.meta.dirname, '..');

function filesUnder(dir: string, ext = /\.tsx?$/): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const rel = join(dir, name);
    if (name === 'node_modules' || name === 'dist') return [];
    if (statSync(join(ROOT, rel)).isDirectory()) return filesUnder(rel, ext);
    return ext.test(name) ? [rel] : [];
  });
}

const isTest = (f: string) => /\.test\.tsx?$/.test(f);

type Read = (file: string) => string;
const readSource: Read = (f) => readFileSync(join(ROOT, f), 'utf8');

/** `file:line: text` for every line of the files matching the pattern. */
function linesMatching(files: string[], pattern: RegExp, read: Read): string[] {
  return files.flatMap((f) =>
    read(f)
      .split('\n')
      .flatMap((line, i) => (pattern.test(line) ? [`${f}:${i + 1}: ${line.trim()}`] : [])),
  );
}

/** Source files of the app that ship (tests pick a dialect to set themselves up; that is fine). */
function appFiles(): string[] {
  return filesUnder('src').filter((f) => !isTest(f));
}

// ---- Dialect differences are capabilities (src/db/dialects/caps.ts)

/** Code outside src/db/dialects that may read `caps.name`, each for a reason that is not a branch. */
const CAPS_NAME_ALLOWED: Record<string, string> = {
  // Frozen: migrations that landed are never edited.
  'src/db/migrations/2026-11-22-003-search.ts': "if (caps.name === 'sqlite') await upSqlite(db);",
  // The name as a key into declarations (the erasure map's `onlyOn`), not a branch.
  'src/db/connect.ts': 'return { statistics: await store.keepValuesOutOfStatistics(statisticsPolicy(store.caps.name)) };',
  'src/domain/erasure/walker.ts': '...schemaProblems(map, await liveTables(db), ctx.caps.name),',
  'src/domain/erasure-requests/verify-erasure.ts': 'if (fate.derivedFrom || (fate.onlyOn && fate.onlyOn !== caps.name)) continue;',
};

/** The places in these files that ask for a dialect's name or compare with one, outside the dialect files. */
function dialectNameUses(files: string[], read: Read = readSource): string[] {
  const outside = files.filter((f) => !f.startsWith('src/db/dialects/'));
  const uses = linesMatching(outside, /caps\.name\b|[!=]==\s*['"](sqlite|postgres)['"]|['"](sqlite|postgres)['"]\s*[!=]==/, read);
  return uses.filter((u) => {
    const [file, , ...text] = u.split(':');
    return CAPS_NAME_ALLOWED[file!] !== text.join(':').trim();
  });
}

/** Relative imports of web/src files that reach outside web/ into anything but src/shared. */
function webImportsOutsideShared(files: string[], read: Read = readSource): string[] {
  const out: string[] = [];
  for (const f of files) {
    for (const m of read(f).matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
      const spec = m[1] ?? m[2]!;
      if (!spec.startsWith('.')) continue;
      const target = relative(ROOT, resolve(ROOT, dirname(f), spec));
      if (target.startsWith('web/') || target.startsWith('src/shared/')) continue;
      out.push(`${f}: ${spec}`);
    }
  }
  return out;
}

// ---- The repository's text cites only what is in the repository

/** Where the project's own text lives: docs, sources, tests, benchmarks, scripts. */
function projectTextFiles(): string[] {
  const text = /\.(md|tsx?|js|css|html|json|sql)$/;
  const dirs = ['docs', 'src', 'test', 'web/src', 'bench', 'scripts'];
  return ['README.md', 'BENCHMARKS.md', ...dirs.flatMap((d) => filesUnder(d, text))];
}

/**
 * Lines that cite the product notes kept beside the repository (the spec, the notes, the style
 * guide, the API contract): a reader of the repository cannot follow them, so the rule or fact
 * belongs in the project's docs. Case matters: the project's own docs/api.md is fine.
 */
function outsideCitations(files: string[], read: Read = readSource): string[] {
  return linesMatching(files, /\b(?:SPEC|NOTES|STYLE|API)\.md\b|\bSPEC §/, read);
}

describe('architecture', () => {
  it('asks dialects for capabilities, never for their name, outside src/db/dialects', () => {
    expect(dialectNameUses(appFiles())).toEqual([]);
  });

  it('finds a planted dialect-name branch (the check can fail)', () => {
    const files: Record<string, string> = {
      'src/domain/x.ts': "if (ctx.caps.name === 'sqlite') return;\nif (ctx.caps.searchIndexUpkeep) return;",
      'src/db/queries/y.ts': "const slow = dialect !== 'postgres';",
      'src/db/dialects/z.ts': "name: 'sqlite', ok: kind === 'sqlite',",
      'src/domain/erasure/walker.ts': 'const n = ctx.caps.name;',
    };
    expect(dialectNameUses(Object.keys(files), (f) => files[f]!)).toEqual([
      "src/domain/x.ts:1: if (ctx.caps.name === 'sqlite') return;",
      "src/db/queries/y.ts:1: const slow = dialect !== 'postgres';",
      'src/domain/erasure/walker.ts:1: const n = ctx.caps.name;',
    ]);
  });

  it('lets the web app import nothing of the server but src/shared', () => {
    expect(webImportsOutsideShared(filesUnder('web/src'))).toEqual([]);
  });

  it('finds a web page importing server code (the check can fail)', () => {
    const files: Record<string, string> = {
      'web/src/pages/x/X.tsx': [
        "import { getUser } from '../../../../src/db/queries/users.ts';",
        "import { PasswordSchema } from '../../../../src/shared/auth.ts';",
        "import { api } from '../../lib/api.ts';",
        "const m = await import('../../../../src/domain/policy.ts');",
      ].join('\n'),
    };
    expect(webImportsOutsideShared(Object.keys(files), (f) => files[f]!)).toEqual([
      'web/src/pages/x/X.tsx: ../../../../src/db/queries/users.ts',
      'web/src/pages/x/X.tsx: ../../../../src/domain/policy.ts',
    ]);
  });

  it('cites no file outside the repository in its docs, sources, tests, benchmarks or scripts', () => {
    expect(outsideCitations(projectTextFiles())).toEqual([]);
  });

  it('finds a planted citation of an outside file (the check can fail)', () => {
    // Spelled in pieces so that this file does not cite them itself.
    const [spec, notes, api] = ['SPEC', 'NOTES', 'API'].map((n) => `${n}.md`);
    const files: Record<string, string> = {
      'docs/x.md': `## Terms (${spec} §5 step 1)\nThe API is docs/api.md, not ../shared/${api}.`,
      'src/domain/y.ts': `// measured (${notes}); the SPEC ${'§'}7 promise\nconst specMd = 1;`,
    };
    expect(outsideCitations(Object.keys(files), (f) => files[f]!)).toEqual([
      `docs/x.md:1: ## Terms (${spec} §5 step 1)`,
      `docs/x.md:2: The API is docs/api.md, not ../shared/${api}.`,
      `src/domain/y.ts:1: // measured (${notes}); the SPEC ${'§'}7 promise`,
    ]);
  });

  // Next (issue 10 item 3): routes and presenters import src/domain, never src/db/queries.
  // A check for it goes here, beside a planted violation like the two above.
});
