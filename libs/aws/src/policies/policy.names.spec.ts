import { describe, expect, it } from 'vitest';
import { DomainError } from '#common';
import { scopePrefixFromPath, scopePrefixProblem } from './policy.guards.js';
import { bucketGroupName, bucketPolicyName, IAM_NAME_MAX_LENGTH, iamNameLengthProblem, scopedGroupName, scopedPolicyName } from './policy.names.js';

describe('policy names', () => {
  it('follows upstream naming for bucket groups and policies', () => {
    expect(bucketGroupName('foo', 'BktAdmGrp')).toBe('foo-BktAdmGrp');
    expect(bucketGroupName('site.example.com', 'WebAdmGrp')).toBe('site.example.com-WebAdmGrp');
    expect(bucketPolicyName('foo', 'BktRWPlc')).toBe('foo-BktRWPlc');
    expect(bucketPolicyName('foo', 'BktROPlc')).toBe('foo-BktROPlc');
  });

  it('spells a scope into the name with / as _', () => {
    expect(scopedGroupName('site.example.com', 'docs', 'BktRWGrp')).toBe('site.example.com-docs-BktRWGrp');
    expect(scopedGroupName('site.example.com', 'one/two/three', 'BktAdmGrp')).toBe('site.example.com-one_two_three-BktAdmGrp');
    expect(scopedPolicyName('site.example.com', 'one/two', 'BktROPlc')).toBe('site.example.com-one_two-BktROPlc');
  });

  it('refuses scopes whose names would collide with another scope', () => {
    // `a_b` would share `a/b`'s groups, `Docs` would share `docs`'s (IAM names ignore case).
    for (const prefix of ['a_b', 'Docs', '', 'docs/', '/docs', 'do*']) {
      expect(() => scopedGroupName('site.example.com', prefix, 'BktAdmGrp'), prefix).toThrow(DomainError);
      expect(() => scopedPolicyName('site.example.com', prefix, 'BktAdmPlc'), prefix).toThrow(DomainError);
    }
  });

  it('reports a name longer than IAM allows', () => {
    expect(iamNameLengthProblem('a'.repeat(IAM_NAME_MAX_LENGTH))).toBeUndefined();
    expect(iamNameLengthProblem('a'.repeat(IAM_NAME_MAX_LENGTH + 1))).toMatch(/129 characters.*at most 128/);
    const deep = scopedGroupName(`${'s'.repeat(50)}.example.com`, `${'d'.repeat(40)}/${'e'.repeat(30)}`, 'BktAdmGrp');
    expect(iamNameLengthProblem(deep)).toBeDefined();
  });
});

describe('scope prefixes', () => {
  it('accepts lowercase folder paths', () => {
    for (const prefix of ['docs', 'one/two', '2024', 'a.b-c/d']) expect(scopePrefixProblem(prefix), prefix).toBeUndefined();
  });

  it('explains what is wrong with the others', () => {
    expect(scopePrefixProblem('')).toMatch(/at least one folder/);
    expect(scopePrefixProblem('a//b')).toMatch(/empty segments/);
    expect(scopePrefixProblem('docs/')).toMatch(/empty segments/);
    expect(scopePrefixProblem('My_Docs')).toMatch(/'My_Docs'.*lowercase/);
    expect(scopePrefixProblem('docs/..')).toMatch(/'\.\.'/);
  });

  it('turns an IAM user path into a prefix', () => {
    expect(scopePrefixFromPath('/docs/')).toBe('docs');
    expect(scopePrefixFromPath('/one/two/')).toBe('one/two');
    expect(scopePrefixFromPath('/')).toBe('');
    expect(scopePrefixFromPath('//docs//')).toBe('docs');
  });
});
