import { type ArgumentMetadata, Injectable, ValidationPipe } from '@nestjs/common';
import type { ValidationError } from 'class-validator';
import { type ErrorDetail, Errors } from '#common';
import { PageQueryDto } from './dto/page-query.dto.js';

/** Deeper than any body of the API (a website's routing rule condition is 5 levels down). */
const MAX_BODY_DEPTH = 8;
/** More values than any body of the API holds (a website with every tag and routing rule: under 1,000). */
const MAX_BODY_VALUES = 2_000;
/** Details listed in one answer; a body with more problems has more than a client needs to see at once. */
const MAX_DETAILS = 100;

const fieldOf = (parent: string, property: string): string => (/^\d+$/.test(property) ? `${parent}[${property}]` : parent ? `${parent}.${property}` : property);

function toDetails(errors: readonly ValidationError[], parent = ''): ErrorDetail[] {
  return errors.flatMap((error) => {
    const field = fieldOf(parent, error.property);
    const own = Object.entries(error.constraints ?? {}).map(([rule, message]) => ({
      field,
      problem: rule === 'whitelistValidation' ? 'unknown field' : message.replace(new RegExp(`^${error.property} `), ''),
    }));
    return [...own, ...toDetails(error.children ?? [], field)];
  });
}

/**
 * The shape of a body, bounded before class-transformer walks it: it recurses without limit (a body
 * nested 5,000 levels deep overflowed the stack), turns a list inside a list into nonsense that passes
 * nested validation, and a list of 30,000 bad items made an answer of 10 MB.
 */
function shapeProblems(body: object): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  let values = 0;
  const visit = (value: unknown, field: string, depth: number, inList: boolean): void => {
    values++;
    if (value === null || typeof value !== 'object' || values > MAX_BODY_VALUES || problems.length >= MAX_DETAILS) return;
    if (depth >= MAX_BODY_DEPTH) {
      problems.push({ field, problem: `nested more than ${MAX_BODY_DEPTH} levels deep` });
      return;
    }
    if (Array.isArray(value)) {
      if (inList) {
        problems.push({ field, problem: 'is a list inside a list; no field takes one' });
        return;
      }
      for (let i = 0; i < value.length && values <= MAX_BODY_VALUES; i++) visit(value[i], `${field}[${i}]`, depth + 1, true);
      return;
    }
    for (const key of Object.keys(value)) {
      if (values > MAX_BODY_VALUES) return;
      visit((value as Record<string, unknown>)[key], fieldOf(field, key), depth + 1, false);
    }
  };
  visit(body, '', 0, false);
  if (values > MAX_BODY_VALUES) problems.unshift({ field: 'body', problem: `holds more than ${MAX_BODY_VALUES} values; no request needs as many` });
  return problems;
}

/** One error listing each problem once, at most MAX_DETAILS of them, with a message that stays short. */
function validationError(all: readonly ErrorDetail[]): Error {
  const seen = new Set<string>();
  const unique = all.filter((d) => {
    const key = `${d.field}\u0000${d.problem}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const details = unique.length > MAX_DETAILS ? unique.slice(0, MAX_DETAILS) : unique;
  const first = `${details[0]!.field}: ${details[0]!.problem}`;
  const message = unique.length === 1 ? first : `${unique.length} problems, the first: ${first}`;
  return Errors.validation(details, unique.length > MAX_DETAILS ? `${message} (the first ${MAX_DETAILS} are listed)` : message);
}

/**
 * class-validator on every DTO: every problem of every field is listed (unknown fields included),
 * values are transformed into the DTO classes, and failures become one ValidationError.
 */
@Injectable()
export class RequestValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      stopAtFirstError: false,
      validationError: { target: false, value: false },
      exceptionFactory: (errors) => validationError(toDetails(errors)),
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && metadata.metatype && metadata.metatype !== Object) {
      if (value === undefined || value === null || value === '') {
        throw Errors.validation([{ field: 'body', problem: 'a JSON object is required' }], 'a JSON body is required');
      }
      if (typeof value !== 'object' || Array.isArray(value)) {
        throw Errors.validation([{ field: 'body', problem: 'must be a JSON object' }], 'the body must be a JSON object');
      }
      const problems = shapeProblems(value);
      if (problems.length > 0) throw validationError(problems);
    }
    if (metadata.type === 'query' && metadata.metatype === PageQueryDto && value !== null && typeof value === 'object') {
      return super.transform(Object.fromEntries(Object.entries(value).filter(([name]) => PageQueryDto.parameters.includes(name))), metadata);
    }
    return super.transform(value, metadata);
  }
}
