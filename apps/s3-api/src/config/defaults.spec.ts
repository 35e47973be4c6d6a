import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULTS, LOG_LEVELS } from './defaults.js';

const README = readFileSync(new URL('../../../../README.md', import.meta.url), 'utf8');

/** The README's configuration table as key -> default cell, with `a.b` / `.c` rows spread out. */
function readmeDefaults(): Map<string, string> {
  const section = README.slice(README.indexOf('## Configuration'));
  const rows = section
    .slice(0, section.indexOf('\n\n', section.indexOf('| Key |')))
    .split('\n')
    .filter((line) => line.startsWith('| `'));
  const table = new Map<string, string>();
  for (const row of rows) {
    const [keyCell = '', defaultCell = ''] = row.split(/(?<!\\)\|/).slice(1, 3);
    const keys = keyCell.split(' / ').map((part) => part.trim().replaceAll('`', ''));
    const defaults = defaultCell.trim().split(' / ');
    const first = keys[0]!;
    keys.forEach((key, i) => {
      const full = key.startsWith('.') ? `${first.slice(0, first.lastIndexOf('.'))}${key}` : key;
      table.set(full, keys.length === defaults.length ? defaults[i]!.trim() : defaultCell.trim());
    });
  }
  return table;
}

function flatten(value: object, prefix = ''): [string, unknown][] {
  return Object.entries(value).flatMap(([key, item]): [string, unknown][] => {
    const path = `${prefix}${key === 'accounts' ? 'accounts[]' : key}`;
    return item !== null && typeof item === 'object' && !Array.isArray(item) ? flatten(item, `${path}.`) : [[path, item]];
  });
}

describe('configuration defaults', () => {
  const documented = readmeDefaults();

  it.each(flatten(DEFAULTS))('the README states the default of %s', (key, value) => {
    expect(documented.get(key), `README row for ${key}`).toBe(`\`${Array.isArray(value) ? JSON.stringify(value) : String(value)}\``);
  });

  it('has a default for every README row that states a literal one', () => {
    const literal = [...documented].filter(([, cell]) => /^`[^`]*`$/.test(cell)).map(([key]) => key);
    const computed = new Set(['accounts[].allowedRegions']);
    const known = new Set(flatten(DEFAULTS).map(([key]) => key));
    expect(literal.filter((key) => !computed.has(key) && !known.has(key))).toEqual([]);
  });

  it('lists the same log levels in the README as the loader accepts', () => {
    expect(documented.get('logLevel')).toBe('`info`');
    expect(README).toContain(
      `${LOG_LEVELS.slice(0, -1)
        .map((level) => `\`${level}\``)
        .join(', ')} or \`${LOG_LEVELS.at(-1)}\``,
    );
  });
});
