import { constructStack } from '@smithy/core/client';
import { type HandlerExecutionContext, SMITHY_CONTEXT_KEY } from '@smithy/types';

// The SDK's stacks are typed per client and step; here every client's is handled alike, so its
// handlers and middleware are taken as what they all are. Method signatures keep every client assignable.
type AnyHandler = (args: object) => Promise<{ output: unknown }>;
type AnyMiddleware = (next: AnyHandler, context: HandlerExecutionContext) => AnyHandler;
interface AnyStack {
  concat(from: AnyStack): AnyStack;
  applyToStack(to: EntrySink): void;
  resolve(terminal: AnyHandler, context: HandlerExecutionContext): AnyHandler;
}
/** Where a stack copies its entries to (`applyToStack`): each entry's middleware and its options. */
interface EntrySink {
  add(middleware: AnyMiddleware, options: EntryOptions): void;
  addRelativeTo(middleware: AnyMiddleware, options: EntryOptions): void;
}
type EntryOptions = Record<string, unknown> & { middleware?: unknown };

/** What the service's clients and commands are, as far as sending goes. */
interface SdkClient {
  readonly middlewareStack: object;
  readonly config: object;
  send(command: object, options?: object): Promise<unknown>;
}
interface SdkCommand {
  resolveMiddleware(stack: AnyStack, config: object, options: undefined): AnyHandler;
}

/** A command class's middleware chain as the SDK resolves it, before it is composed for one call. */
interface ResolvedStack {
  /** Innermost first, the order in which the SDK composes them. */
  readonly middleware: readonly AnyMiddleware[];
  /** The last handler, which hands the signed request to the client's request handler. */
  readonly terminal: AnyHandler;
  /** The execution context the SDK made for the first command of the class: the template of every call's own. */
  readonly context: HandlerExecutionContext;
}

/**
 * The client's `send`, resolving each command class's middleware stack once instead of on every call.
 *
 * On every call the SDK applies the command's plugins to a new stack, copies the client's stack into
 * it, sorts the whole by step, priority and relations, then composes it: a tenth of the CPU of an S3
 * call through the sandbox, about 10 µs. The SDK's own cure, `cacheMiddleware`, keeps the composed
 * handler, and with it one execution context shared by every call of the class: what a call keeps
 * there (its endpoint, its auth scheme, S3's region-redirect marker) would leak into the calls that run
 * at the same time and after. Here only the sorted list is kept. Each call composes it anew, with a
 * context of its own (a copy of the template naming its own command), as the SDK would: the per-call
 * state stays per call. A command's plugins depend on its class and the client's configuration, never
 * on its input (`makeBuilder` in @smithy/core), and the client's stack is complete before its first
 * call (AwsClientFactory builds it whole). A call with options (an abort signal) and a command class
 * the SDK resolves in a way this does not recognise take the SDK's own path.
 *
 * The command's plugins get a copy of the client's configuration, made at its first call, with the
 * same values. The client's own object is in V8's dictionary mode (its constructor adds its properties
 * with a chain of `Object.assign`), and the endpoint middleware copies the configuration it was given
 * on every call: about 8 µs for the client's object, 1 µs for the copy. Nothing changes a client's
 * configuration after it is built but the SDK's own middleware, on the client's object, for what the
 * client's middleware reads (the signer's region and name, the clock offset; the region while a
 * redirect lasts: a client that follows S3's region redirects takes the SDK's own path, and the
 * service's do not follow them, see bucket-regions.ts).
 */
export function sendResolvingOnce(client: SdkClient): (command: object, options?: object) => Promise<unknown> {
  const send = client.send.bind(client);
  if ((client.config as { followRegionRedirects?: boolean }).followRegionRedirects) return send;
  const stacks = new Map<unknown, ResolvedStack | null>();
  let configuration: object | undefined;
  return (command, options) => {
    if (options !== undefined) return send(command, options);
    let resolved = stacks.get(command.constructor);
    if (resolved === undefined) {
      configuration ??= { ...client.config };
      resolved = resolveStack(client, configuration, command as SdkCommand);
      stacks.set(command.constructor, resolved);
    }
    if (resolved === null) return send(command);
    const { context: template, terminal, middleware } = resolved;
    const context: HandlerExecutionContext = { ...template, [SMITHY_CONTEXT_KEY]: { ...template[SMITHY_CONTEXT_KEY], commandInstance: command as never } };
    let handler = terminal;
    for (const each of middleware) handler = each(handler, context);
    return handler(command).then((result) => result.output);
  };
}

/**
 * Runs the SDK's own resolution of the command's stack (`Command.resolveMiddlewareWithContext`) up to
 * the point where it composes the sorted stack, and takes that stack, its last handler and its context
 * instead. The stack's order comes from the SDK too: a copy of its entries whose middleware only note
 * themselves, composed by the SDK's own `resolve`. Null when the SDK no longer resolves this way.
 */
function resolveStack(client: SdkClient, configuration: object, command: SdkCommand): ResolvedStack | null {
  let captured: { stack: AnyStack; terminal: AnyHandler; context: HandlerExecutionContext } | undefined;
  const probe = {
    concat: (commandStack: AnyStack) => {
      const stack = (client.middlewareStack as AnyStack).concat(commandStack);
      return {
        resolve: (terminal: AnyHandler, context: HandlerExecutionContext) => {
          captured = { stack, terminal, context };
          return terminal;
        },
      };
    },
  };
  try {
    command.resolveMiddleware(probe as unknown as AnyStack, configuration, undefined);
  } catch {
    return null;
  }
  if (!captured) return null;
  const middleware: AnyMiddleware[] = [];
  const noting =
    (each: AnyMiddleware): AnyMiddleware =>
    (next) => {
      middleware.push(each);
      return next;
    };
  const order = constructStack() as unknown as AnyStack & EntrySink;
  // The entry's own middleware would override the noting one in its options.
  captured.stack.applyToStack({
    add: (each, { middleware: _, ...options }) => order.add(noting(each), options),
    addRelativeTo: (each, { middleware: _, ...options }) => order.addRelativeTo(noting(each), options),
  });
  order.resolve(captured.terminal, captured.context);
  return { middleware, terminal: captured.terminal, context: captured.context };
}
