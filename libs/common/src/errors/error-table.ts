import { DomainError, type DomainErrorOptions, type ErrorKind } from './domain-error.js';

/** One stable error code: the kind that decides its status, and what it means, for the API docs. */
export interface ErrorEntry<Code extends string = string> {
  readonly code: Code;
  readonly kind: ErrorKind;
  /** One sentence a client developer reads in the docs; the message of each error says the specifics. */
  readonly summary: string;
}

type Entries<T> = { readonly [Code in keyof T & string]: ErrorEntry<Code> };

/**
 * A feature's errors as data, code -> kind + summary: the one place a code's kind is decided. The
 * docs derive statuses, descriptions and examples from the tables; errors are raised from them.
 */
export function errorTable<const T extends Readonly<Record<string, { readonly kind: ErrorKind; readonly summary: string }>>>(table: T): Entries<T> {
  return Object.fromEntries(Object.entries(table).map(([code, entry]) => [code, { code, ...entry }])) as Entries<T>;
}

/** An error of a table's code: its kind comes from the table, so a code and its status cannot drift apart. */
export const raise = (entry: ErrorEntry, message: string, options?: DomainErrorOptions): DomainError =>
  new DomainError(entry.kind, entry.code, message, options);
