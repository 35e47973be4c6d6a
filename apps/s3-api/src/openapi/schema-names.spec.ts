import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { schemaName } from './openapi.document.js';

const SOURCES = new URL('../', import.meta.url);

/** Every class exported by a `.dto.ts` file of the application, with the file it comes from. */
async function dtoClasses(): Promise<{ name: string; file: string }[]> {
  const files = readdirSync(SOURCES, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.dto.ts'));
  const classes = await Promise.all(
    files.map(async (file) => {
      const module = (await import(new URL(file, SOURCES).href)) as Record<string, unknown>;
      return Object.values(module)
        .filter((value): value is abstract new () => unknown => typeof value === 'function' && /^class\s/.test(Function.prototype.toString.call(value)))
        .map((value) => ({ name: value.name, file }));
    }),
  );
  return classes.flat();
}

describe('schema names', () => {
  it('gives every DTO class a schema of its own: two classes of one name would be published as one schema', async () => {
    const classes = await dtoClasses();
    expect(classes.length).toBeGreaterThan(40);
    const byName = new Map<string, string[]>();
    for (const { name, file } of classes) byName.set(schemaName(name), [...(byName.get(schemaName(name)) ?? []), `${name} (${file})`]);
    const shared = [...byName].filter(([, owners]) => owners.length > 1);
    expect(shared).toEqual([]);
  });
});
