import { CreateBucketCommand, GetBucketTaggingCommand, HeadBucketCommand, PutBucketTaggingCommand, S3Client } from '@aws-sdk/client-s3';
import { constructStack } from '@smithy/core/client';
import { type FinalizeRequestMiddleware, type HandlerExecutionContext, SMITHY_CONTEXT_KEY } from '@smithy/types';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AwsSandbox } from '#aws-sandbox';
import { grantServicePolicy } from '../sandbox/prepare-sandbox.js';
import { sandboxClientFactory, testAccount } from '../../../../test/support/unit.js';
import { sendResolvingOnce } from './resolved-stacks.js';

const account = testAccount({ name: 'prod', id: '123456789012', org: 'acme' });
const BUCKETS = ['context-one', 'context-two', 'context-three', 'context-four'];

/** A sandbox with the buckets, each tagged with its own name, and the service's S3 client for the account. */
async function serviceClient(): Promise<{ sandbox: AwsSandbox; s3: S3Client }> {
  const sandbox = new AwsSandbox();
  grantServicePolicy(sandbox, account);
  const s3 = sandboxClientFactory(sandbox).factory.client('s3', account);
  return { sandbox, s3 };
}

async function makeBuckets(s3: { send(command: object): Promise<unknown> }): Promise<void> {
  for (const Bucket of BUCKETS) {
    await s3.send(new CreateBucketCommand({ Bucket }));
    await s3.send(new PutBucketTaggingCommand({ Bucket, Tagging: { TagSet: [{ Key: 'name', Value: Bucket }] } }));
  }
}

/**
 * Holds every call, once the SDK has serialized and signed it, until all of `calls` have come this far,
 * then notes what each call's execution context says of it: the bucket its endpoint names, the
 * command it names, and a mark the call left there before the barrier. The SDK's own per-call state
 * lives in that context; a context shared by the calls would name the last call's bucket in all.
 */
function contextProbe(calls: number) {
  const seen: { bucket: string; endpoint: string; command: string; mark: unknown }[] = [];
  let arrived = 0;
  let release: () => void = () => undefined;
  const barrier = new Promise<void>((resolve) => (release = resolve));
  const middleware: FinalizeRequestMiddleware<object, object> = (next, context: HandlerExecutionContext & { probeMark?: unknown }) => async (args) => {
    const bucket = (args.input as { Bucket: string }).Bucket;
    context.probeMark = bucket;
    if (++arrived === calls) release();
    await barrier;
    const instance = context[SMITHY_CONTEXT_KEY]?.commandInstance as { input: { Bucket: string } } | undefined;
    seen.push({ bucket, endpoint: context.endpointV2?.url.href ?? '', command: instance?.input.Bucket ?? '', mark: context.probeMark });
    return next(args);
  };
  return {
    seen,
    plugin: {
      applyToStack: (stack: { add(m: FinalizeRequestMiddleware<object, object>, o: object): void }) =>
        stack.add(middleware, { step: 'finalizeRequest', priority: 'high', name: 'contextProbe' }),
    },
  };
}

afterEach(() => vi.restoreAllMocks());

describe('sendResolvingOnce', () => {
  it("keeps each call's execution context its own when calls of one command class run at once", async () => {
    const { s3 } = await serviceClient();
    await makeBuckets(s3);
    const probe = contextProbe(BUCKETS.length);
    s3.middlewareStack.use(probe.plugin as never);
    const tags = await Promise.all(BUCKETS.map((Bucket) => s3.send(new GetBucketTaggingCommand({ Bucket }))));
    expect(tags.map((out) => out.TagSet?.[0]?.Value)).toEqual(BUCKETS);
    expect(probe.seen).toHaveLength(BUCKETS.length);
    for (const call of probe.seen) {
      expect(call.endpoint).toContain(call.bucket);
      expect([call.command, call.mark]).toEqual([call.bucket, call.bucket]);
    }
  });

  it("would catch the SDK's cacheMiddleware, whose calls of one class share a context", async () => {
    const sandbox = new AwsSandbox();
    const s3 = new S3Client({ region: account.region, credentials: { accessKeyId: 'A', secretAccessKey: 'B' }, cacheMiddleware: true });
    s3.middlewareStack.use(sandbox.plugin(account.id));
    await makeBuckets(s3);
    const probe = contextProbe(BUCKETS.length);
    s3.middlewareStack.use(probe.plugin as never);
    await Promise.all(BUCKETS.map((Bucket) => s3.send(new GetBucketTaggingCommand({ Bucket }))));
    const leaked = probe.seen.filter((call) => call.mark !== call.bucket || call.command !== call.bucket || !call.endpoint.includes(call.bucket));
    expect(leaked.length).toBeGreaterThanOrEqual(BUCKETS.length - 1);
  });

  it("resolves a command class's stack once for all its calls, and answers each call its own", async () => {
    const { s3 } = await serviceClient();
    await makeBuckets(s3);
    const resolve = vi.spyOn(GetBucketTaggingCommand.prototype, 'resolveMiddleware');
    for (let round = 0; round < 3; round++) {
      const tags = await Promise.all(BUCKETS.map((Bucket) => s3.send(new GetBucketTaggingCommand({ Bucket }))));
      expect(tags.map((out) => out.TagSet?.[0]?.Value)).toEqual(BUCKETS);
    }
    expect(resolve).toHaveBeenCalledTimes(1);
    await expect(s3.send(new GetBucketTaggingCommand({ Bucket: 'not-a-bucket-here' }))).rejects.toMatchObject({ name: 'NoSuchBucket' });
    expect(resolve).toHaveBeenCalledTimes(1);
  });

  it("gives a command's plugins the client's configuration, every value as the client has it", async () => {
    const { s3 } = await serviceClient();
    const resolve = vi.spyOn(GetBucketTaggingCommand.prototype, 'resolveMiddleware');
    await makeBuckets(s3);
    await s3.send(new GetBucketTaggingCommand({ Bucket: BUCKETS[0] }));
    const given = resolve.mock.calls[0]![1] as unknown as Record<string, unknown>;
    const client = s3.config as unknown as Record<string, unknown>;
    // The same value for each property of the client's configuration; the signer adds its region and name to the client's own object at its first call.
    expect(Object.entries(given)).toEqual(Object.keys(given).map((key) => [key, client[key]]));
    expect(Object.keys(client).filter((key) => !Object.hasOwn(given, key))).toEqual(['signingRegion', 'signingName']);
  });

  it("takes the SDK's own path on a client that follows S3's region redirects, which changes the client's configuration while one lasts", async () => {
    const sandbox = new AwsSandbox();
    const s3 = new S3Client({ region: account.region, credentials: { accessKeyId: 'A', secretAccessKey: 'B' }, followRegionRedirects: true });
    s3.middlewareStack.use(sandbox.plugin(account.id));
    const send = vi.spyOn(s3, 'send');
    const resolving = sendResolvingOnce(s3);
    await resolving(new CreateBucketCommand({ Bucket: BUCKETS[0] }));
    await resolving(new HeadBucketCommand({ Bucket: BUCKETS[0] }));
    expect(send).toHaveBeenCalledTimes(2);
  });

  it("takes the SDK's own path for a call with options", async () => {
    const { s3 } = await serviceClient();
    await makeBuckets(s3);
    const resolve = vi.spyOn(HeadBucketCommand.prototype, 'resolveMiddleware');
    await s3.send(new HeadBucketCommand({ Bucket: BUCKETS[0] }));
    await s3.send(new HeadBucketCommand({ Bucket: BUCKETS[0] }), {});
    await s3.send(new HeadBucketCommand({ Bucket: BUCKETS[0] }));
    expect(resolve).toHaveBeenCalledTimes(2);
  });

  it("takes the SDK's own path for a command whose resolution it does not recognise", async () => {
    const send = vi.fn(async () => 'answered by the SDK');
    const terminal = () => Promise.resolve({ output: 'composed here' });
    // One composes its handler without the client's stack, one finds no stack it can use, one fails
    // after it resolved the stack.
    const composing = { resolveMiddleware: () => terminal as never };
    const failing = new (class Failing {
      resolveMiddleware(stack: { concat(other: object): unknown }) {
        return stack.concat({}) as never;
      }
    })();
    const failingLate = new (class FailingLate {
      resolveMiddleware(stack: ReturnType<typeof constructStack>): never {
        stack.concat(constructStack()).resolve(terminal as never, {});
        throw new Error('an SDK that resolves otherwise');
      }
    })();
    const resolving = sendResolvingOnce({ middlewareStack: constructStack(), config: {}, send });
    for (const command of [composing, composing, failing, failing, failingLate, failingLate]) {
      await expect(resolving(command)).resolves.toBe('answered by the SDK');
    }
    expect(send).toHaveBeenCalledTimes(6);
  });
});
