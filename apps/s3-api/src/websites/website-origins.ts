import { createHash, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { type AwsAccount, type CloudFrontFunction, CloudFrontGateway, type Distribution, isGone, isInUse, isNameTaken, type WebsiteOrigin } from '#aws';
import type { Saga } from '#common';
import { systemTags } from '../common/system-tags.js';
import type { WebsiteEdge } from './website-edge.js';
import { WEBSITE_TAG } from './website-rules.js';

type PrivateOrigin = Extract<WebsiteOrigin, { kind: 'origin-access-control' }>;

/** Every CloudFront Function the service makes is named so (the reconciler finds its own by it, then by their tags). */
export const FUNCTION_PREFIX = 's3-api-';

/** The names of the service's functions a distribution runs. */
export const serviceFunctions = (distribution: Distribution): string[] =>
  distribution.DistributionConfig.DefaultCacheBehavior.FunctionAssociations.Items.map((a) => a.FunctionARN.slice(a.FunctionARN.lastIndexOf('/') + 1)).filter(
    (name) => name.startsWith(FUNCTION_PREFIX),
  );

/** One origin access control per account and org: several deployments of the service may share an account. */
const originAccessControlName = (account: AwsAccount): string => `s3-api-${createHash('sha256').update(account.org).digest('hex').slice(0, 24)}`;

/** What a website needs in front of a private bucket: the account's origin access control, and the site's own function. */
@Injectable()
export class WebsiteOrigins {
  constructor(private readonly cloudFront: CloudFrontGateway) {}

  /**
   * The origin access control every website of the account signs with: found by its name, made on
   * first use, and kept. It grants nothing by itself (each bucket's policy names its own distribution),
   * so one serves all websites (CloudFront allows only 100 per account); deleting it with the last
   * website would race with a create in another replica that has just found it.
   */
  async originAccessControl(account: AwsAccount): Promise<string> {
    const name = originAccessControlName(account);
    const find = async () => (await this.cloudFront.listOriginAccessControls(account)).find((control) => control.Name === name);
    const found = await find();
    if (found) return found.Id;
    try {
      return (await this.cloudFront.createOriginAccessControl(account, name, 'Signs the reads of s3-api website buckets')).Id;
    } catch (error) {
      // Made meanwhile by another request, or by this one with its answer lost.
      if (!isNameTaken(error, 'originAccessControl')) throw error;
      const made = await find();
      if (!made) throw error;
      return made.Id;
    }
  }

  /** The origin of a website on a private bucket: the account's origin access control and the site's own function, made alongside. */
  async privateOrigin(saga: Saga, account: AwsAccount, website: string, domain: string, edge: WebsiteEdge): Promise<PrivateOrigin> {
    const [originAccessControlId, functionArn] = await saga.all([
      () => this.originAccessControl(account),
      () => this.createFunction(saga, account, website, edge.code),
    ] as const);
    return { kind: 'origin-access-control', domain, originAccessControlId, functionArn, errorResponses: edge.errorResponses };
  }

  /**
   * The website's viewer-request function, created and published as saga steps (undone by deleting
   * it). Its name is new and random, so whatever goes by it is this request's: a create that failed
   * but took effect (its answer lost, the SDK's retry refused as a taken name) is found and kept as made.
   */
  async createFunction(saga: Saga, account: AwsAccount, website: string, code: string): Promise<string> {
    const name = `${FUNCTION_PREFIX}${randomUUID().replaceAll('-', '')}`;
    const created = await saga.step(
      `create function ${name}`,
      async () => {
        try {
          return await this.cloudFront.createFunction(account, {
            name,
            comment: website,
            code,
            tags: systemTags(account, [{ Key: WEBSITE_TAG, Value: website }]),
          });
        } catch (error) {
          const made = await this.cloudFront.describeFunction(account, name).catch(() => null);
          if (made) return made;
          throw error;
        }
      },
      () => this.removeFunction(account, name),
    );
    await saga.step(`publish function ${name}`, () => this.cloudFront.publishFunction(account, name, created.ETag));
    return created.ARN;
  }

  /**
   * Deletes a function of the service unless a distribution still names it: a disabled distribution
   * keeps it until the reconciler deletes that distribution, and the function with it. True when it is gone.
   */
  async removeFunction(account: AwsAccount, name: string): Promise<boolean> {
    const fn: CloudFrontFunction | null = await this.cloudFront.describeFunction(account, name);
    if (!fn) return true;
    try {
      await this.cloudFront.deleteFunction(account, name, fn.ETag);
      return true;
    } catch (error) {
      if (isGone(error, 'function')) return true;
      if (isInUse(error, 'function')) return false;
      throw error;
    }
  }
}
