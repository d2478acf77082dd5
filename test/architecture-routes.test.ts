import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// Two rules of the layers, read from the source with the TypeScript parser:
// - routes and presenters (src/http/routes, src/http/presenters) reach the database only
//   through the domain: they never import src/db/queries, not even for a type;
// - a domain action takes `(ctx, input)`: in the file of an action (close-ticket.ts exports
//   closeTicket), no exported function whose first parameter is a Ctx takes an id, a token
//   or a list of them as its second, positional parameter, nor more parameters after its
//   input. Helpers that run inside a caller's transaction take `(ctx, trx, …)` and pass.

const ROOT = resolve(import.meta.dirname, '..');
const QUERIES = join(ROOT, 'src/db/queries');

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.test.ts'))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)));
}

function parse(file: string, text: string): ts.SourceFile {
  return ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
}

/** Every module a file names: imports and re-exports (type-only ones too) and dynamic import(). */
function moduleSpecifiers(sf: ts.SourceFile): string[] {
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push(node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [arg] = node.arguments;
      if (arg && ts.isStringLiteralLike(arg)) found.push(arg.text);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      found.push(node.argument.literal.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

/** The imports of `file` (a path from the repository root) that reach into src/db/queries. */
export function queryImports(file: string, text: string): string[] {
  return moduleSpecifiers(parse(file, text)).filter((spec) => {
    if (!spec.startsWith('.')) return false;
    const target = resolve(ROOT, dirname(file), spec);
    return target === QUERIES || target.startsWith(QUERIES + '/');
  });
}

const POSITIONAL = new Set([ts.SyntaxKind.NumberKeyword, ts.SyntaxKind.StringKeyword, ts.SyntaxKind.BigIntKeyword]);

/** number, string, bigint, arrays of them and unions of those: what an id, a token or a list of ids is typed as. */
function isPositionalType(t: ts.TypeNode | undefined): boolean {
  if (!t) return true; // an untyped parameter is never an input object
  if (POSITIONAL.has(t.kind)) return true;
  if (ts.isArrayTypeNode(t)) return isPositionalType(t.elementType);
  if (ts.isUnionTypeNode(t)) return t.types.every((u) => isPositionalType(u) || u.kind === ts.SyntaxKind.UndefinedKeyword || (ts.isLiteralTypeNode(u) && u.literal.kind === ts.SyntaxKind.NullKeyword));
  if (ts.isParenthesizedTypeNode(t)) return isPositionalType(t.type);
  return false;
}

/** `Ctx`, or a part of it (`Pick<Ctx, 'db' | 'now'>`). */
function isCtxType(t: ts.TypeNode | undefined): boolean {
  if (!t || !ts.isTypeReferenceNode(t)) return false;
  const name = t.typeName.getText();
  if (name === 'Ctx') return true;
  return (name === 'Pick' || name === 'Omit') && !!t.typeArguments?.[0] && isCtxType(t.typeArguments[0]);
}

function exported(node: ts.Node): boolean {
  return !!ts.getModifiers(node as ts.HasModifiers)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
}

/** `Transaction<Database>`, `Kysely<Database>` or `Ctx['db']`: the caller's transaction (or database) a helper runs in. */
function isExecutorType(t: ts.TypeNode | undefined): boolean {
  if (!t) return false;
  if (ts.isTypeReferenceNode(t)) return ['Transaction', 'Kysely'].includes(t.typeName.getText());
  return ts.isIndexedAccessTypeNode(t) && t.objectType.getText() === 'Ctx' && t.indexType.getText() === "'db'";
}

/** `close-ticket.ts` → `closeTicket`: the action a domain file is named after. */
function actionNameOf(file: string): string {
  const base = file.split('/').pop()!.replace(/\.ts$/, '');
  return base.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/**
 * In a domain action's file (one that exports the function it is named after), the
 * exported functions taking `(ctx: Ctx, <id, token or ids>, …)`, as `name(ctx, param)`,
 * and those taking more after their input (`(ctx, request, ticketId)`), as `name(ctx, a, b)`.
 * Files of helpers only (policy.ts, ticket-rules.ts, redaction/common.ts…) are not actions.
 */
export function positionalActions(file: string, text: string): string[] {
  const fns: { name: string; params: ts.NodeArray<ts.ParameterDeclaration> }[] = [];
  for (const st of parse(file, text).statements) {
    if (ts.isFunctionDeclaration(st) && st.name && exported(st)) fns.push({ name: st.name.text, params: st.parameters });
    if (ts.isVariableStatement(st) && exported(st)) {
      for (const d of st.declarationList.declarations) {
        const init = d.initializer;
        if (init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init))) fns.push({ name: d.name.getText(), params: init.parameters });
      }
    }
  }
  if (!fns.some((f) => f.name === actionNameOf(file))) return [];
  return fns.flatMap(({ name, params }) => {
    const [first, second] = params;
    if (!first || !second || !isCtxType(first.type)) return [];
    if (isPositionalType(second.type)) return [`${name}(ctx, ${second.name.getText()})`];
    if (params.length > 2 && !isExecutorType(second.type)) return [`${name}(ctx, ${params.slice(1).map((p) => p.name.getText()).join(', ')})`];
    return [];
  });
}

const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

describe('layers: routes and presenters', () => {
  it('never import src/db/queries: their reads go through the domain', () => {
    const files = [...sourceFiles('src/http/routes'), ...sourceFiles('src/http/presenters')];
    const offenders = files.flatMap((f) => queryImports(f, read(f)).map((spec) => `${f} imports ${spec}`));
    expect(offenders).toEqual([]);
  });

  it('catches a planted import, a type-only one, a re-export and a dynamic one', () => {
    const route = 'src/http/routes/planted.ts';
    expect(queryImports(route, "import { getUser } from '../../db/queries/users.ts';")).toEqual(['../../db/queries/users.ts']);
    expect(queryImports(route, "import type { TicketRow } from '../../db/queries/tickets.ts';")).toHaveLength(1);
    expect(queryImports(route, "export { getJob } from '../../db/queries/jobs.ts';")).toHaveLength(1);
    expect(queryImports(route, "const q = await import('../../db/queries/jobs.ts');")).toHaveLength(1);
    expect(queryImports(route, "type R = import('../../db/queries/tickets.ts').TicketRow;")).toHaveLength(1);
    expect(queryImports('src/http/presenters/planted.ts', "import { x } from '../../db/queries';")).toHaveLength(1);
    // The domain, the schema's types and a lookalike folder are allowed.
    expect(queryImports(route, "import { readTicket } from '../../domain/tickets/read-ticket.ts';")).toEqual([]);
    expect(queryImports(route, "import type { Role } from '../../db/schema.ts';")).toEqual([]);
    expect(queryImports(route, "import { x } from '../../db/queries-old/x.ts';")).toEqual([]);
  });
});

describe('layers: domain actions take (ctx, input)', () => {
  it('no domain action takes a positional id, token or list of ids after ctx', () => {
    const offenders = sourceFiles('src/domain').flatMap((f) => positionalActions(f, read(f)).map((a) => `${f}: ${a}`));
    expect(offenders).toEqual([]);
  });

  it('catches a planted positional action and leaves input objects and transaction helpers alone', () => {
    const close = 'src/domain/tickets/close-ticket.ts';
    expect(positionalActions(close, 'export async function closeTicket(ctx: Ctx, id: number): Promise<void> {}')).toEqual(['closeTicket(ctx, id)']);
    expect(positionalActions('src/domain/auth/sign-out.ts', 'export async function signOut(ctx: Ctx, token: string) {}')).toHaveLength(1);
    expect(positionalActions('src/domain/tickets/restore-tickets.ts', 'export async function restoreTickets(ctx: Ctx, ids: number[]) {}')).toHaveLength(1);
    expect(positionalActions('src/domain/groups/delete-thing.ts', 'export async function deleteThing(ctx: Ctx, id: number | undefined, userId?: number) {}')).toHaveLength(1);
    expect(positionalActions('src/domain/auth/touch-token.ts', "export async function touchToken(ctx: Pick<Ctx, 'db'>, id: number) {}")).toHaveLength(1);
    expect(positionalActions('src/domain/tickets/mark-spam.ts', 'export const markSpam = async (ctx: Ctx, id) => {};')).toHaveLength(1);
    // An input followed by more positional parameters is not an input object either.
    const apply = 'src/domain/erasure-requests/apply-ticket-matches.ts';
    expect(positionalActions(apply, 'export async function applyTicketMatches(ctx: Ctx, r: ErasureRequestRow, ticketId: number, patterns: TermPatterns) {}')).toEqual(['applyTicketMatches(ctx, r, ticketId, patterns)']);
    // A second action in an action's file is held to the same rule.
    const both = 'export async function suspendContact(ctx: Ctx, input: SuspendContactInput) {}\nexport async function unsuspendContact(ctx: Ctx, userId: number) {}';
    expect(positionalActions('src/domain/contacts/suspend-contact.ts', both)).toEqual(['unsuspendContact(ctx, userId)']);
    // Input objects, transaction helpers, private functions and helper files pass.
    expect(positionalActions(close, 'export async function closeTicket(ctx: Ctx, input: CloseTicketInput) {}')).toEqual([]);
    expect(positionalActions(close, 'export async function closeTicket(ctx: Ctx, { ticketId: id }: CloseTicketInput) {}')).toEqual([]);
    expect(positionalActions(close, 'export async function closeTicket(ctx: Ctx, input: { ticketId: number }) {}')).toEqual([]);
    expect(positionalActions(close, 'export async function closeTicket(ctx: Ctx, input: X) {}\nexport async function lockIt(ctx: Ctx, trx: Kysely<Database>, id: number) {}')).toEqual([]);
    expect(positionalActions(close, 'export async function closeTicket(ctx: Ctx, input: X) {}\nexport async function inIt(ctx: Ctx, trx: Transaction<Database>, t: TicketRow, now: string) {}')).toEqual([]);
    expect(positionalActions(close, "export async function closeTicket(ctx: Ctx, input: X) {}\nexport async function inIt(ctx: Ctx, trx: Ctx['db'], id: number) {}")).toEqual([]);
    expect(positionalActions(close, 'async function closeTicket(ctx: Ctx, id: number) {}')).toEqual([]);
    expect(positionalActions('src/domain/redaction/common.ts', 'export async function checkpointAfter(ctx: Ctx, action: string) {}')).toEqual([]);
  });
});
