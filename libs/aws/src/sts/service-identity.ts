import { Injectable } from '@nestjs/common';
import type { AwsAccount } from '../accounts/aws-account.js';
import { roleSessionName } from '../clients/aws-client.factory.js';
import type { ServicePrincipal } from '../policies/service-lockout.js';
import { StsGateway } from './sts.gateway.js';

const ASSUMED_ROLE = /^arn:aws:sts::(\d{12}):assumed-role\/([^/]+)\/[^/]+$/;

/**
 * Who the service is in each account: the role it assumes there (known from the configuration), or
 * else whoever its base credentials are, asked of STS once per account for the life of the process
 * (the identity behind a set of credentials does not change).
 */
@Injectable()
export class ServiceIdentity {
  private readonly asked = new Map<string, Promise<ServicePrincipal>>();

  constructor(private readonly sts: StsGateway) {}

  of(account: AwsAccount): Promise<ServicePrincipal> {
    if (account.roleArn) {
      const roleName = account.roleArn.slice(account.roleArn.lastIndexOf('/') + 1);
      return Promise.resolve({ arn: `arn:aws:sts::${account.id}:assumed-role/${roleName}/${roleSessionName(account)}`, principalArn: account.roleArn });
    }
    let identity = this.asked.get(account.id);
    if (!identity) {
      identity = this.sts.callerArn(account).then((arn) => ({ arn, principalArn: principalArnOf(arn) }));
      // A failed answer is not kept: the next request asks again.
      identity.catch(() => this.asked.delete(account.id));
      this.asked.set(account.id, identity);
    }
    return identity;
  }
}

/** A role session's aws:PrincipalArn is its role (GetCallerIdentity does not say the role's path). */
function principalArnOf(arn: string): string {
  const session = ASSUMED_ROLE.exec(arn);
  return session ? `arn:aws:iam::${session[1]}:role/${session[2]}` : arn;
}
