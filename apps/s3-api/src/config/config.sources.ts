import { readFileSync } from 'node:fs';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { parse as parseYaml } from 'yaml';

/** Every problem found in the configuration, reported together. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export type Env = Readonly<Record<string, string | undefined>>;

/** Where the loader writes what is wrong, so that every problem is listed in one message. */
export type Problems = string[];

const TRUE = new Set(['1', 'true', 'yes', 'on']);
const FALSE = new Set(['0', 'false', 'no', 'off']);

function flatten(errors: readonly ValidationError[], prefix = ''): string[] {
  return errors.flatMap((error) => {
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) =>
      message.startsWith(`property ${error.property} should not exist`) ? `${path}: unknown key` : `${path}: ${message.replace(`${error.property} `, '')}`,
    );
    return [...own, ...flatten(error.children ?? [], path)];
  });
}

export function validateAgainst<T extends object>(cls: new () => T, value: unknown, path: string, problems: Problems): T {
  const instance = plainToInstance(cls, value, { enableImplicitConversion: false });
  problems.push(...flatten(validateSync(instance, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true }), path));
  return instance;
}

export function readFile(path: string, problems: Problems): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    problems.push(`S3API_CONFIG: cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    return {};
  }
  try {
    const parsed: unknown = parseYaml(text);
    if (parsed === null || parsed === undefined) return {};
    if (typeof parsed !== 'object' || Array.isArray(parsed)) {
      problems.push(`S3API_CONFIG: ${path} must contain a mapping of keys`);
      return {};
    }
    return parsed;
  } catch (error) {
    problems.push(`S3API_CONFIG: ${path} is not valid YAML or JSON: ${(error as Error).message.split('\n')[0]}`);
    return {};
  }
}

export function envBoolean(env: Env, name: string, problems: Problems): boolean | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  if (TRUE.has(raw.toLowerCase())) return true;
  if (FALSE.has(raw.toLowerCase())) return false;
  problems.push(`${name}: expected true or false, got '${raw}'`);
  return undefined;
}

export function envInteger(env: Env, name: string, problems: Problems): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  if (!/^\d+$/.test(raw)) {
    problems.push(`${name}: expected a whole number, got '${raw}'`);
    return undefined;
  }
  return Number(raw);
}

export function envJson(env: Env, name: string, problems: Problems): unknown {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    problems.push(`${name}: not valid JSON`);
    return undefined;
  }
}
