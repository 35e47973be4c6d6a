import type { INestApplication } from '@nestjs/common';
import { METHOD_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum.js';
import { MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import { FASTIFY_ROUTE_CONFIG_METADATA } from '@nestjs/platform-fastify/constants.js';
import type { FastifyRequest } from 'fastify';
import { IS_PROBE, IS_PUBLIC } from './public.decorator.js';

/** Where @nestjs/swagger keeps @ApiOperation's options. */
const API_OPERATION = 'swagger/apiOperation';
const POLICY = 's3apiPolicy';

/** What the request path needs to know about a route before its body is read. */
export interface RoutePolicy {
  /** Needs no token (`@Public()`). */
  readonly public: boolean;
  /** The handler declares a `@Body()`; a route without one refuses a body with fields. */
  readonly takesBody: boolean;
  /** Its operation id, the action of the audit trail. */
  readonly action: string;
  /** A probe (`@Probe()`): its successful answers may go unlogged. */
  readonly probe: boolean;
}

/** A route nobody declared anything for (a plugin's, a future one): protected, no body (deny by default). */
const UNDECLARED: RoutePolicy = { public: false, takesBody: false, action: 'unknown', probe: false };

declare module 'fastify' {
  interface FastifyContextConfig {
    s3apiPolicy?: RoutePolicy;
  }
}

/**
 * Reads each controller method's decorators once, at start-up, into the Fastify route config that Nest
 * passes on when it registers the route (the route config of `@RouteConfig()`). The request hooks then
 * know every route's policy from `request.routeOptions.config` in `onRequest`, before the body is read
 * and without reflection per request. Must run before `app.init()`, which registers the routes.
 */
export function declareRoutePolicies(app: INestApplication): void {
  const reflector = app.get(Reflector);
  const scanner = new MetadataScanner();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => object) | null;
      if (!controller) continue;
      for (const name of scanner.getAllMethodNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, unknown>)[name] as (...args: unknown[]) => unknown;
        if (Reflect.getMetadata(METHOD_METADATA, handler) === undefined) continue;
        const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, name) ?? {}) as Record<string, unknown>;
        const operation = reflector.get<{ operationId?: string } | undefined>(API_OPERATION, handler);
        const policy: RoutePolicy = {
          public: reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC, [handler, controller]) === true,
          takesBody: Object.keys(args).some((key) => key.startsWith(`${RouteParamtypes.BODY}:`)),
          action: operation?.operationId ?? name,
          probe: reflector.get<boolean | undefined>(IS_PROBE, handler) === true,
        };
        const config = (Reflect.getMetadata(FASTIFY_ROUTE_CONFIG_METADATA, handler) ?? {}) as Record<string, unknown>;
        Reflect.defineMetadata(FASTIFY_ROUTE_CONFIG_METADATA, { ...config, [POLICY]: policy }, handler);
      }
    }
  }
}

/** The config of a public route registered outside Nest (the API docs, the redirects to them). */
export const PUBLIC_ROUTE = { [POLICY]: { public: true, takesBody: false, action: 'docs', probe: false } satisfies RoutePolicy };

export const routePolicy = (request: FastifyRequest): RoutePolicy => request.routeOptions.config[POLICY] ?? UNDECLARED;
