import { describe, expect, it } from 'vitest';
import type { AwsAccount } from '#aws';
import { DomainError } from '#common';
import { resolveWebsiteName, websiteEndpoint } from './website-rules.js';

const account: AwsAccount = {
  name: 'sandbox',
  id: '111111111111',
  region: 'us-east-1',
  sessionDurationSeconds: 3600,
  org: 'test',
  domains: { 'sites.example.com': { hostedZoneId: 'Z1', certificateArn: 'arn:aws:acm:us-east-1:111111111111:certificate/1' } },
  allowedRegions: ['us-east-1'],
  accessModel: 'groups',
};

const codeOf = (name: string): string | undefined => {
  try {
    resolveWebsiteName(account, name, 'website');
    return undefined;
  } catch (error) {
    return (error as DomainError).code;
  }
};

describe('resolveWebsiteName', () => {
  it('accepts one label under a configured domain', () => {
    expect(resolveWebsiteName(account, 'my-site1.sites.example.com', 'website')).toMatchObject({
      label: 'my-site1',
      domain: 'sites.example.com',
      zone: { hostedZoneId: 'Z1' },
    });
  });

  it.each(['sites.example.com', 'mysite', 'mysite.other.com', 'mysite.example.com', ''])('answers DomainNotConfigured for %j', (name) => {
    expect(codeOf(name)).toBe('DomainNotConfigured');
  });

  it.each([
    'a.b.sites.example.com',
    '-a.sites.example.com',
    'a-.sites.example.com',
    'My.sites.example.com',
    'a_b.sites.example.com',
    `${'a'.repeat(50)}.sites.example.com`,
  ])('answers ValidationError for %j', (name) => {
    expect(codeOf(name)).toBe('ValidationError');
  });
});

describe('websiteEndpoint', () => {
  it('uses the legacy dash form in the old regions and the dot form elsewhere', () => {
    expect(websiteEndpoint('a.b.c', 'us-east-1')).toBe('a.b.c.s3-website-us-east-1.amazonaws.com');
    expect(websiteEndpoint('a.b.c', 'sa-east-1')).toBe('a.b.c.s3-website-sa-east-1.amazonaws.com');
    expect(websiteEndpoint('a.b.c', 'eu-central-1')).toBe('a.b.c.s3-website.eu-central-1.amazonaws.com');
    expect(websiteEndpoint('a.b.c', 'us-east-2')).toBe('a.b.c.s3-website.us-east-2.amazonaws.com');
  });
});
