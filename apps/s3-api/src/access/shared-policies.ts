import {
  type AccessLevel,
  type AwsAccount,
  DEFAULT_BUCKET_ADMIN_ACTIONS,
  IamGateway,
  type IamPolicy,
  type PolicyDocument,
  PropagationWaits,
  type SharedPolicyKind,
  sharedPolicyName,
  taggedAccessPolicy,
  taggedAdminPolicy,
  taggedWebAdminPolicy,
} from '#aws';
import { isDeepStrictEqual } from 'node:util';
import { AccessErrors } from './access.errors.js';
import { createOrFindPolicy } from './create-or-find-policy.js';

/**
 * Where the shared policies live: the service's own IAM path, outside every bucket's `/s3-api/<b>/`,
 * so that no bucket's teardown ever lists them.
 */
export const SHARED_POLICY_PATH = '/s3-api/';

/** One shared policy of an account, as its configuration makes it. */
export interface SharedPolicy {
  readonly kind: SharedPolicyKind;
  readonly name: string;
  readonly arn: string;
  readonly document: PolicyDocument;
  readonly description: string;
}

const LEVEL_OF: Readonly<Record<Exclude<SharedPolicyKind, 'BktAdmPlc' | 'SiteAdmPlc' | 'WebAdmPlc'>, AccessLevel>> = {
  BktRWPlc: 'read-write',
  BktROPlc: 'read-only',
  PathAdmPlc: 'admin',
  PathRWPlc: 'read-write',
  PathROPlc: 'read-only',
};

function documentOf(account: AwsAccount, kind: SharedPolicyKind): PolicyDocument {
  switch (kind) {
    case 'BktAdmPlc':
    case 'SiteAdmPlc':
      return taggedAdminPolicy(account.bucketAdminActions ?? DEFAULT_BUCKET_ADMIN_ACTIONS, kind === 'SiteAdmPlc');
    case 'WebAdmPlc':
      return taggedWebAdminPolicy(account.id, account.cloudFrontActions);
    default:
      return taggedAccessPolicy(LEVEL_OF[kind], kind.startsWith('Path'));
  }
}

const DESCRIPTION_OF: Readonly<Record<SharedPolicyKind, string>> = {
  BktAdmPlc: 'Admin of the bucket its user is tagged with',
  SiteAdmPlc: 'Admin of the website bucket its user is tagged with',
  BktRWPlc: 'Read-Write on the bucket its user is tagged with',
  BktROPlc: 'Read-Only on the bucket its user is tagged with',
  PathAdmPlc: 'Admin of the website folder its user is tagged with',
  PathRWPlc: 'Read-Write on the website folder its user is tagged with',
  PathROPlc: 'Read-Only on the website folder its user is tagged with',
  WebAdmPlc: 'Cache invalidation on the distribution its user is tagged with',
};

/**
 * The managed policies of the tags access model: one per kind and account, whatever the number of
 * buckets, made the first time a request needs one. Two replicas making the same one at once both
 * succeed: IAM takes the name once, and the other reuses it; a CreatePolicy whose answer was lost and
 * that the SDK repeated is the same case. Once made, a shared policy stays: other requests may use it
 * from the moment it exists, so no request undoes it.
 *
 * A policy found by its name is used only once its default version is proven to be the document the
 * service would make (one GetPolicyVersion per policy and process): the name alone proves nothing, as
 * anyone allowed to write under /s3-api/ could have made it.
 */
export class SharedPolicies {
  private readonly proven = new Map<string, Promise<void>>();

  constructor(
    private readonly iam: IamGateway,
    private readonly waits: PropagationWaits,
  ) {}

  /** The policy of `kind` as the account's configuration makes it; no AWS call. */
  of(account: AwsAccount, kind: SharedPolicyKind): SharedPolicy {
    const document = documentOf(account, kind);
    const name = sharedPolicyName(kind, document);
    return { kind, name, arn: `arn:aws:iam::${account.id}:policy${SHARED_POLICY_PATH}${name}`, document, description: DESCRIPTION_OF[kind] };
  }

  /** Each of the policies, null where IAM does not show it (not made yet, or made a moment ago). */
  find(account: AwsAccount, kinds: readonly SharedPolicyKind[]): Promise<(IamPolicy | null)[]> {
    return Promise.all(
      kinds.map(async (kind) => {
        const found = await this.iam.getPolicy(account, this.of(account, kind).arn);
        return found && (await this.prove(account, kind, found));
      }),
    );
  }

  /** The policy: `known` (what `find` answered), else made now, or another request's if it made it first. */
  async ensure(account: AwsAccount, kind: SharedPolicyKind, known: IamPolicy | null): Promise<IamPolicy> {
    if (known) return known;
    const policy = this.of(account, kind);
    // Made by a concurrent request a moment ago, or by someone else, elsewhere, when not made now.
    const outcome = await createOrFindPolicy(
      this.iam,
      this.waits,
      account,
      { name: policy.name, document: policy.document, description: policy.description, path: SHARED_POLICY_PATH },
      policy.arn,
    );
    if ('made' in outcome) {
      // Made with the document just written: nothing to prove when it is found next.
      this.proven.set(`${outcome.made.PolicyId}:${outcome.made.DefaultVersionId}`, Promise.resolve());
      return outcome.made;
    }
    if (!outcome.found) throw AccessErrors.sharedPolicyNameTaken(policy.name);
    return this.prove(account, kind, outcome.found);
  }

  /** The policy, once its default version is the document of `kind`; 409 when it is another. */
  private async prove(account: AwsAccount, kind: SharedPolicyKind, policy: IamPolicy): Promise<IamPolicy> {
    const key = `${policy.PolicyId}:${policy.DefaultVersionId}`;
    let proof = this.proven.get(key);
    if (!proof) {
      proof = this.iam.getPolicyDocument(account, policy.Arn, policy.DefaultVersionId).then((document) => {
        if (!isDeepStrictEqual(document, this.of(account, kind).document)) throw AccessErrors.sharedPolicyNotOurs(policy.PolicyName);
      });
      this.proven.set(key, proof);
      // A failed proof (an error, or another document) is read again next time.
      proof.catch(() => this.proven.delete(key));
    }
    await proof;
    return policy;
  }
}
