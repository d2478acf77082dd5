import { readFileSync, writeFileSync } from 'node:fs';
import { STORES } from '../src/domain/erasure/stores.ts';
import { renderStoresTable, withStoresTable } from '../src/domain/erasure/stores-doc.ts';

// Rewrites docs/erasure-proof.md's table of stores from the inventory (stores-doc.ts).
const file = 'docs/erasure-proof.md';
writeFileSync(file, withStoresTable(readFileSync(file, 'utf8'), renderStoresTable(STORES)));
console.log(`${file}: ${STORES.length} stores`);
