import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';

export const IS_PUBLIC = 's3api:public';
/** Marks the OpenAPI operation as needing no token; removed again when the document is finalised. */
export const PUBLIC_EXTENSION = 'x-s3api-public';

/** The route needs no token. Every other route is protected (deny by default). */
export const Public = (): MethodDecorator & ClassDecorator => applyDecorators(SetMetadata(IS_PUBLIC, true), ApiExtension(PUBLIC_EXTENSION, true));

export const IS_PROBE = 's3api:probe';
/** A probe of the process (ping, health): public, and its successful answers may go unlogged (`logProbes`). */
export const Probe = (): MethodDecorator => applyDecorators(Public(), SetMetadata(IS_PROBE, true));
