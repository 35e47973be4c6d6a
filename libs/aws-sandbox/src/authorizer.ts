import type { EvaluationResult, RunSimulationResults, Simulation } from '@cloud-copilot/iam-simulate';
import { awsError } from './errors.js';
import type { HandlerContext, SandboxPrincipal } from './handler.js';
import { type ActionRequest, Malformed, PERMISSIONS } from './permissions.js';
import { effectivePublicAccessBlock } from './propagation.js';
import type { SandboxService } from './state.js';

type Simulator = typeof import('@cloud-copilot/iam-simulate');

/** What the account's root user may do, whatever identity policies say (only a resource policy's Deny stops it). */
const ROOT_POLICY = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

/** The bucket owner's root user can always manage the bucket's policy, whatever the policy says. */
const ROOT_KEEPS = new Set(['s3:GetBucketPolicy', 's3:PutBucketPolicy', 's3:DeleteBucketPolicy']);

/** How many decisions (and parsed policy documents) are kept before starting afresh. */
const DECISIONS_KEPT = 10_000;

/** HEAD answers carry no body: the SDK can only name a 403 from its status. */
const HEAD_OPERATIONS = new Set(['HeadBucket', 'HeadObject']);

/**
 * Decides, as IAM does, whether a call may run: for each action the operation asks for, the caller's
 * identity policies (the inline policies of the role its session belongs to; the root user needs
 * none), the bucket's policy for S3 (an explicit Deny wins over any Allow; in the bucket's own account
 * either policy may allow; from another account both must), and the effective Block Public Access
 * RestrictPublicBuckets setting. The evaluation is @cloud-copilot/iam-simulate's, loaded on the first
 * call so that a process that never authorizes (AWS mode) never loads its data.
 */
export class Authorizer {
  private simulator: Promise<Simulator> | undefined;
  /** Decisions by request and policies; cleared when it holds DECISIONS_KEPT. */
  private readonly decisions = new Map<string, EvaluationResult>();
  private readonly documents = new Map<string, object>();
  /** A number per parsed document, standing for its text in the keys of decisions: a text is long to copy into every key. */
  private readonly documentIds = new WeakMap<object, number>();
  private lastDocumentId = 0;

  /**
   * Loads the evaluator and the IAM data of every service, which the first calls would otherwise wait
   * for: the event loop stands still meanwhile (about a tenth of a second), better before a server listens.
   */
  async warmUp(): Promise<void> {
    const { runSimulation } = await this.load();
    const actions = [...new Set(Object.values(PERMISSIONS).map((table) => Object.values(table).find((p) => p.actions.length > 0)?.actions[0]))];
    for (const action of actions.filter((a) => a !== undefined)) {
      await runSimulation(
        {
          request: { principal: 'arn:aws:iam::000000000000:root', action, resource: { resource: '*', accountId: '000000000000' }, contextVariables: {} },
          identityPolicies: [{ name: 'root', policy: ROOT_POLICY }],
          serviceControlPolicies: [],
          resourceControlPolicies: [],
        },
        {},
      );
    }
  }

  async authorize(service: SandboxService, operation: string, context: HandlerContext, input: unknown): Promise<void> {
    const permission = PERMISSIONS[service][operation];
    if (!permission) throw new Error(`the AWS sandbox does not know what IAM checks for ${service} ${operation}: add it to src/permissions.ts`);
    let requests: readonly ActionRequest[];
    try {
      requests = permission.requests(context, input as never);
    } catch (error) {
      if (error instanceof Malformed) return;
      throw error;
    }
    for (const request of requests) {
      if (!permission.actions.includes(request.action))
        throw new Error(`${service} ${operation} asked for ${request.action}, which its permission does not list`);
      const simulation = this.simulation(context, request);
      if ((await this.decide(simulation)) === 'Allowed') continue;
      const explained = await this.explain(simulation);
      throw denied(service, operation, context.principal, request, explicitDenyIn(explained));
    }
  }

  /**
   * The decision, from the cache when the very same request met the very same policies before (a
   * server under load asks the same few things over and over).
   */
  private async decide(simulation: Simulation): Promise<EvaluationResult> {
    const key = JSON.stringify([
      simulation.request,
      simulation.identityPolicies.map((p) => p.name),
      this.documentsOf(simulation),
      simulation.additionalSettings,
    ]);
    const cached = this.decisions.get(key);
    if (cached) return cached;
    const decision = (await this.explain(simulation)).overallResult;
    if (this.decisions.size >= DECISIONS_KEPT) this.decisions.clear();
    this.decisions.set(key, decision);
    return decision;
  }

  /**
   * The evaluation, with iam-simulate's checks of the request against the Service Authorization
   * Reference (a wrong entry in the permission table fails loudly) and its analysis: which policy decided.
   */
  private async explain(simulation: Simulation): Promise<Exclude<RunSimulationResults, { resultType: 'error' }>> {
    const { runSimulation } = await this.load();
    const result = await runSimulation(simulation, {});
    if (result.resultType === 'error') {
      const { action, resource } = simulation.request;
      throw new Error(`the AWS sandbox cannot evaluate ${action} on ${resource.resource}: ${JSON.stringify(result.errors)}`);
    }
    return result;
  }

  private load(): Promise<Simulator> {
    return (this.simulator ??= import('@cloud-copilot/iam-simulate'));
  }

  /**
   * The policy texts a simulation holds, as the numbers of their parsed documents (0: the root user's
   * policy, or none): what its decision depends on besides the request. One text has one document
   * while it is kept, and a document parsed again after the texts were let go gets a new number.
   */
  private documentsOf(simulation: Simulation): number[] {
    return [
      ...simulation.identityPolicies.map((p) => this.documentIds.get(p.policy as object) ?? 0),
      this.documentIds.get(simulation.resourcePolicy as object) ?? 0,
    ];
  }

  /** A policy document parsed once per text, numbered to key decisions by. */
  private parsed(text: string): object {
    let document = this.documents.get(text);
    if (!document) {
      if (this.documents.size >= DECISIONS_KEPT) this.documents.clear();
      document = JSON.parse(text) as object;
      this.documents.set(text, document);
      this.documentIds.set(document, ++this.lastDocumentId);
    }
    return document;
  }

  private simulation(context: HandlerContext, request: ActionRequest): Simulation {
    const { principal } = context;
    const resourceAccount = request.resourceAccount ?? context.account.id;
    const bucketPolicy = request.bucket?.policy;
    const rootOfOwner = principal.kind === 'root' && principal.accountId === resourceAccount;
    const resourcePolicy = bucketPolicy && !(rootOfOwner && ROOT_KEEPS.has(request.action)) ? this.parsed(bucketPolicy) : undefined;
    const ownerBlock = request.bucket ? context.runtime.account(request.bucket.owner).publicAccessBlock : undefined;
    return {
      request: {
        principal: principal.arn,
        action: request.action,
        resource: { resource: request.resource, accountId: resourceAccount },
        contextVariables: { ...globalKeys(principal, resourceAccount), ...tagKeys(request.resourceTags), ...request.context } as Record<
          string,
          string | string[]
        >,
      },
      identityPolicies: principal.kind === 'root' ? [{ name: 'root', policy: ROOT_POLICY }] : this.rolePolicies(context, principal),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      ...(resourcePolicy ? { resourcePolicy } : {}),
      ...(request.bucket
        ? {
            additionalSettings: {
              s3: {
                blockPublicAccess: Boolean(
                  effectivePublicAccessBlock(context.runtime, request.bucket)?.RestrictPublicBuckets || ownerBlock?.RestrictPublicBuckets,
                ),
              },
            },
          }
        : {}),
    };
  }

  private rolePolicies(context: HandlerContext, principal: Extract<SandboxPrincipal, { kind: 'role' }>) {
    const role = context.runtime.account(principal.accountId).iam.roles.get(principal.role);
    return [...(role?.policies ?? [])].map(([name, document]) => ({ name, policy: this.parsed(document) }));
  }
}

function globalKeys(principal: SandboxPrincipal, resourceAccount: string): Record<string, string> {
  return {
    'aws:PrincipalArn': principal.kind === 'role' ? principal.roleArn : principal.arn,
    'aws:PrincipalAccount': principal.accountId,
    'aws:PrincipalType': principal.kind === 'role' ? 'AssumedRole' : 'Account',
    'aws:userid': principal.kind === 'role' ? principal.userId : principal.accountId,
    'aws:ResourceAccount': resourceAccount,
    'aws:SecureTransport': 'true',
  };
}

function tagKeys(tags: ReadonlyMap<string, string> | undefined): Record<string, string> {
  return Object.fromEntries([...(tags ?? [])].map(([key, value]) => [`aws:ResourceTag/${key}`, value]));
}

/** Which kind of policy denied explicitly, if one did (otherwise nothing allowed). */
function explicitDenyIn(result: Exclude<RunSimulationResults, { resultType: 'error' }>): 'identity' | 'resource' | undefined {
  if (result.overallResult !== 'ExplicitlyDenied') return undefined;
  const analysis = result.resultType === 'single' ? result.result.analysis : result.results.find((r) => r.analysis?.result === 'ExplicitlyDenied')?.analysis;
  return analysis?.resourceAnalysis?.result === 'ExplicitlyDenied' ? 'resource' : 'identity';
}

/**
 * The AccessDenied each service answers, with the context AWS gives a request from the same account:
 * "User: <arn> is not authorized to perform: <action> on resource: <arn> because no identity-based
 * policy allows the <action> action" / "with an explicit deny in a resource-based policy"
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/troubleshoot-403-errors.html#access-denied-message-examples,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html).
 */
function denied(
  service: SandboxService,
  operation: string,
  principal: SandboxPrincipal,
  request: ActionRequest,
  explicit: 'identity' | 'resource' | undefined,
): Error {
  if (service === 's3' && HEAD_OPERATIONS.has(operation)) return awsError('s3', { name: 'Unknown', httpStatusCode: 403, message: 'UnknownError' });
  const resource = service === 's3' ? `"${request.resource}"` : request.resource;
  const why = explicit
    ? `with an explicit deny in ${explicit === 'resource' ? 'a resource-based' : 'an identity-based'} policy`
    : `because no identity-based policy allows the ${request.action} action`;
  const onResource = request.resource === '*' ? '' : ` on resource: ${resource}`;
  return awsError(service, {
    name: 'AccessDenied',
    httpStatusCode: 403,
    message: `User: ${principal.arn} is not authorized to perform: ${request.action}${onResource} ${why}`,
  });
}
