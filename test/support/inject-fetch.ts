import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/** A fetch that answers from the application in-process (Fastify inject): real pipeline, no socket. */
export function injectFetch(app: NestFastifyApplication): (input: Request | string | URL, init?: RequestInit) => Promise<Response> {
  const fastify = app.getHttpAdapter().getInstance();
  return async (input, init) => {
    const request = input instanceof Request ? input : new Request(input, init);
    const url = new URL(request.url);
    const body = request.body ? await request.text() : undefined;
    const res = await fastify.inject({
      method: request.method as 'GET',
      url: url.pathname + url.search,
      headers: Object.fromEntries(request.headers.entries()),
      ...(body !== undefined ? { payload: body } : {}),
    });
    const headers = new Headers();
    for (const [key, value] of Object.entries(res.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : String(value));
    }
    const empty = request.method === 'HEAD' || res.statusCode === 204;
    return new Response(empty ? null : res.body, { status: res.statusCode, headers });
  };
}
