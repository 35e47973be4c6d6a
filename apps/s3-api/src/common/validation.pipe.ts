import { type ArgumentMetadata, Injectable, ValidationPipe } from '@nestjs/common';
import type { ValidationError } from 'class-validator';
import { type ErrorDetail, Errors } from '#common';

function toDetails(errors: readonly ValidationError[], parent = ''): ErrorDetail[] {
  return errors.flatMap((error) => {
    const field = /^\d+$/.test(error.property) ? `${parent}[${error.property}]` : parent ? `${parent}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([rule, message]) => ({
      field,
      problem: rule === 'whitelistValidation' ? 'unknown field' : message.replace(new RegExp(`^${error.property} `), ''),
    }));
    return [...own, ...toDetails(error.children ?? [], field)];
  });
}

/**
 * class-validator on every DTO: unknown fields are rejected, values are transformed into the DTO
 * classes, and failures become one ValidationError listing every offending field.
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
      exceptionFactory: (errors) => {
        const details = toDetails(errors);
        return Errors.validation(details, details.map((d) => `${d.field}: ${d.problem}`).join('; '));
      },
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
    }
    return super.transform(value, metadata);
  }
}
