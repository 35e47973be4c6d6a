import { ApiExtension } from '@nestjs/swagger';
import type { ErrorEntry } from '#common';

/** Where an operation's error codes wait in the document until buildOpenApiDocument turns them into responses. */
export const ERRORS_EXTENSION = 'x-s3api-errors';

/**
 * Documents the errors an operation answers with, by code (entries of the error tables), besides
 * those every protected route can meet (the token, the account, AWS outages: added for all). Each
 * code's status, description and example come from its table.
 */
export const ApiErrors = (...entries: readonly ErrorEntry[]): MethodDecorator => ApiExtension(ERRORS_EXTENSION, entries);
