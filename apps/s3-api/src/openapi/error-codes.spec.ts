import { readdirSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { AWS_ERRORS } from '#aws';
import { COMMON_ERRORS, type ErrorEntry } from '#common';
import { HTTP_ERRORS, PROTOCOL_ERRORS } from '../common/http.errors.js';
import { KIND_STATUS } from '../common/http-status.js';

const SOURCES = new URL('../', import.meta.url);
const spec = parse(readFileSync(new URL('../../../../openapi.yaml', import.meta.url), 'utf8')) as {
  paths: Record<
    string,
    Record<string, { responses: Record<string, { content?: Record<string, { examples?: Record<string, { value: { Code: string } }> }> }> }>
  >;
};

const isEntry = (value: unknown): value is ErrorEntry =>
  typeof value === 'object' && value !== null && 'code' in value && 'kind' in value && 'summary' in value;

/** Every entry of every error table: the shared ones and each feature's `*.errors.ts`. */
async function tableEntries(): Promise<ErrorEntry[]> {
  const files = readdirSync(SOURCES, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.errors.ts'));
  const modules = await Promise.all(files.map(async (file) => (await import(new URL(file, SOURCES).href)) as Record<string, unknown>));
  const tables = [COMMON_ERRORS, AWS_ERRORS, HTTP_ERRORS, ...modules.flatMap((module) => Object.values(module))];
  return tables.flatMap((table) => (table && typeof table === 'object' ? Object.values(table).filter(isEntry) : []));
}

describe('the error catalogue in openapi.yaml', () => {
  it('documents every code of every error table on some operation, under the status of its kind', async () => {
    const entries = await tableEntries();
    expect(entries.length).toBeGreaterThan(25);
    const documented = new Map<string, Set<string>>();
    for (const item of Object.values(spec.paths)) {
      for (const operation of Object.values(item)) {
        for (const [status, response] of Object.entries(operation.responses)) {
          for (const example of Object.values(response.content?.['application/json']?.examples ?? {})) {
            documented.set(example.value.Code, (documented.get(example.value.Code) ?? new Set()).add(status));
          }
        }
      }
    }
    // The readiness probe documents its own 503, whose body adds the result of every check.
    const missing = entries.filter((entry) => entry.code !== 'NotReady' && !documented.get(entry.code)?.has(String(KIND_STATUS[entry.kind])));
    expect(missing.map((entry) => `${entry.code} (${KIND_STATUS[entry.kind]})`)).toEqual([]);
    // And never as an example of another status.
    const statusOf = new Map([
      ...entries.map((entry) => [entry.code, String(KIND_STATUS[entry.kind])] as const),
      ...Object.values(PROTOCOL_ERRORS).map((entry) => [entry.code, String(entry.status)] as const),
    ]);
    const misplaced = [...documented].flatMap(([code, statuses]) =>
      [...statuses].filter((status) => status !== statusOf.get(code)).map((status) => `${code} as ${status}`),
    );
    expect(misplaced).toEqual([]);
  });

  it('gives one code one kind in every table that names it', async () => {
    const kinds = new Map<string, Set<string>>();
    for (const entry of await tableEntries()) kinds.set(entry.code, (kinds.get(entry.code) ?? new Set()).add(entry.kind));
    expect([...kinds].filter(([, of]) => of.size > 1)).toEqual([]);
  });
});
