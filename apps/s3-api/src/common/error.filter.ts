import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { type IncomingMessage, STATUS_CODES } from 'node:http';
import { Socket as NetSocket, type Socket } from 'node:net';
import { ProtocolError, toErrorResponse } from './error-response.js';
import { PROTOCOL_ERRORS } from './http.errors.js';

/** Writes the contract's JSON error body for everything thrown inside the Nest pipeline. */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    sendError(request, reply, error);
  }
}

/**
 * Sends the error body. The request id goes on here as well as in the onSend hook: Fastify's routing
 * errors (a bad URL) are answered outside the hooks. A body still on its way is not read: the
 * connection is closed after the answer instead of waiting for what the client may still send.
 */
export function sendError(request: FastifyRequest, reply: FastifyReply, error: unknown): void {
  const response = toErrorResponse(error, String(request.id));
  if (response.serverFault) request.log.error({ err: error }, 'request failed');
  if (bodyPending(request)) closeAfterAnswer(request, reply);
  void reply
    .status(response.status)
    .headers({ ...response.headers, 'x-request-id': String(request.id) })
    .type('application/json; charset=utf-8')
    .send(request.method === 'HEAD' ? undefined : response.body);
}

/** How long a connection refused with its body still arriving stays open, unread, before it is closed. */
const LINGER_MS = 2_000;

/**
 * Closes the connection after the answer instead of reading the rest of the body, without losing
 * the answer. Node destroys the socket as soon as the answer is written; with input still unread the
 * kernel then sends a reset, which can discard the answer before it left (one in 600 stalled uploads
 * got no 401). So the socket lingers a moment, half-closed and unread: the client's unread bytes wait
 * in the kernel until the socket goes. Should Node change how it closes, this degrades to its own
 * behaviour, never to reading the body.
 */
function closeAfterAnswer(request: FastifyRequest, reply: FastifyReply): void {
  void reply.header('connection', 'close');
  const socket = request.raw.socket;
  // Fastify's inject has no socket of this kind, and no body still arriving either.
  if (!(socket instanceof NetSocket)) return;
  // Stop reading now, not only once the answer is written: until then the socket would go on
  // reading (and Node copying) whatever of the body the kernel already holds, megabytes per upload.
  socket.pause();
  // Node resumes the socket of a finished request to throw its body away, and reading the request
  // resumes it too: each time, it is paused again before it reads (64 KB a read, per upload).
  socket.on('resume', () => socket.pause());
  // What the first read brought of the body (up to 64 KB, copied per upload) is let go of at once
  // rather than when the garbage collector next runs: 600 uploads are 37 MB until then.
  request.raw.on('data', release);
  reply.raw.once('finish', () => {
    socket.removeListener('finish', socket.destroy);
    const timer = setTimeout(() => socket.destroy(), LINGER_MS).unref();
    socket.once('close', () => clearTimeout(timer));
  });
}

/**
 * Frees a chunk of a refused body now. Only a chunk that is the whole of its memory and that nobody
 * else reads (a body parser that gave up on a too-large body has already stopped listening): the
 * memory of a chunk cut from a shared buffer belongs to others as well.
 */
function release(this: IncomingMessage, chunk: Buffer | string): void {
  if (typeof chunk === 'string' || this.listenerCount('data') > 1) return;
  const memory = chunk.buffer;
  if (memory instanceof ArrayBuffer && chunk.byteOffset === 0 && chunk.byteLength === memory.byteLength) memory.transfer(0);
}

/** Whether the request announced a body that has not fully arrived (so nothing has read it). */
function bodyPending(request: FastifyRequest): boolean {
  if (request.raw.complete) return false;
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/** What Node's HTTP parser refused, in the contract's terms. */
function clientErrorOf(error: { code?: string }): ProtocolError {
  switch (error.code) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return new ProtocolError(PROTOCOL_ERRORS.ClientTimeout, 'the request did not arrive in time (headers, then the whole request, each have a time limit)');
    case 'HPE_HEADER_OVERFLOW':
      return new ProtocolError(PROTOCOL_ERRORS.HeadersTooLarge, 'the request headers are too large');
    default:
      return new ProtocolError(PROTOCOL_ERRORS.BadRequest, 'the request is not valid HTTP');
  }
}

/**
 * Node's HTTP parser refuses some requests before Fastify sees them (headers too large, a malformed
 * request line, header or chunk, Transfer-Encoding with Content-Length, a client too slow): they get
 * the same error body, with a request id, written on the socket, which is then closed.
 */
export function answerClientError(this: FastifyInstance, error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const requestId = randomUUID();
  const response = toErrorResponse(clientErrorOf(error), requestId);
  this.log.info({ requestId, res: { statusCode: response.status }, code: error.code }, 'client error');
  // A response already under way on this connection cannot take a second status line.
  const current = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (socket.writable && !current?.headersSent) {
    const body = JSON.stringify(response.body);
    socket.write(
      `HTTP/1.1 ${response.status} ${STATUS_CODES[response.status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nX-Request-Id: ${requestId}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
