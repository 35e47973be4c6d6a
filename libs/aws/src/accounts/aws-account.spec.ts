import { describe, expect, it } from 'vitest';
import { DomainError } from '#common';
import { type AwsAccount, ConfigAwsAccountProvider } from './aws-account.js';

const base = { region: 'us-east-1', sessionDurationSeconds: 3600, org: 'o', domains: {}, allowedRegions: ['us-east-1'], accessModel: 'groups' } as const;
const accounts: AwsAccount[] = [
  { name: 'prod', id: '123456789012', ...base },
  { name: 'dev', id: '210987654321', ...base },
];

describe('ConfigAwsAccountProvider', () => {
  const provider = new ConfigAwsAccountProvider(accounts);

  it('resolves an account by name and by 12-digit id', () => {
    expect(provider.resolve('prod')).toBe(accounts[0]);
    expect(provider.resolve('210987654321')).toBe(accounts[1]);
  });

  it('answers AccountNotFound for anything else', () => {
    for (const reference of ['staging', '999999999999', 'PROD', '12345678901', '']) {
      const error = (() => {
        try {
          provider.resolve(reference);
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(error, reference).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({ kind: 'not_found', code: 'AccountNotFound' });
    }
  });
});
