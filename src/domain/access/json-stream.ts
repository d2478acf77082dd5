// Writing a large JSON document as it is read: arrays are emitted a page at a time.

export type Json = string | number | boolean | null | Json[] | { [k: string]: Json };

/** ISO-8601 UTC at seconds precision, as every timestamp of the API. */
export function sec(value: string | null | undefined): string | null {
  return value ? value.replace(/\.\d{3}Z$/, 'Z') : null;
}

/** A JSON array whose items arrive in pages; one piece of text per non-empty page. */
export async function* jsonArray(source: AsyncIterable<Json[]>): AsyncGenerator<string> {
  yield '[';
  let first = true;
  for await (const page of source) {
    if (page.length === 0) continue;
    const text = page.map((x) => JSON.stringify(x)).join(',');
    yield first ? text : `,${text}`;
    first = false;
  }
  yield ']';
}

/**
 * Keyset pages of a list: `fetch(afterKey)` returns rows in ascending key order (empty or
 * short at the end); `key` reads a row's key; `map` shapes each row.
 */
export async function* pages<R>(
  fetch: (after: number) => Promise<R[]>,
  key: (row: R) => number,
  map: (row: R) => Json = (row) => row as unknown as Json,
): AsyncGenerator<Json[]> {
  for (let after = 0; ; ) {
    const rows = await fetch(after);
    if (rows.length === 0) return;
    yield rows.map(map);
    after = key(rows[rows.length - 1]!);
  }
}
