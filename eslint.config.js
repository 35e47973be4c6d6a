import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Dependencies point one way: app -> libs/aws -> libs/common. The sandbox depends on nothing of
// ours but libs/common; libs/common on nothing at all. Controllers never reach gateways; only
// libs/aws and the sandbox import the AWS SDK. (`#...` aliases go in `paths`: in `patterns`, which
// use gitignore syntax, a leading `#` starts a comment.)
const noSdk = { group: ['@aws-sdk/*', '@smithy/*'], message: 'only libs/aws talks to the AWS SDK' };
const noApp = { group: ['**/apps/**'], message: 'libraries never import the application' };
const restrict = (patterns, paths = []) => ['error', { patterns, paths }];
const EXPLICIT_DELAY = { selector: "CallExpression[callee.name='setTimeout'][arguments.length<2]", message: 'give setTimeout an explicit delay' };
// A code's kind (and so its status) is decided once, in its error table.
const FROM_TABLE = { selector: "NewExpression[callee.name='DomainError']", message: 'raise the error from its table: raise(TABLE.Code, message)' };

export default tseslint.config(
  { ignores: ['dist/**', '.stryker-tmp/**', 'node_modules/**', 'coverage/**', 'apps/s3-api/src/generated/**', 'libs/client/src/schema.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', EXPLICIT_DELAY],
    },
  },
  {
    files: ['apps/**/*.ts', 'libs/**/*.ts'],
    ignores: ['**/*.spec.ts', 'libs/common/src/errors/**'],
    rules: { 'no-restricted-syntax': ['error', EXPLICIT_DELAY, FROM_TABLE] },
  },
  {
    files: ['apps/**/*.ts'],
    ignores: ['apps/**/*.spec.ts'],
    rules: { 'no-restricted-imports': restrict([noSdk]) },
  },
  {
    files: ['apps/**/*.controller.ts'],
    rules: {
      'no-restricted-imports': restrict(
        [noSdk],
        [
          {
            name: '#aws',
            importNames: ['S3Gateway', 'IamGateway', 'CloudFrontGateway', 'Route53Gateway', 'StsGateway', 'AwsClientFactory'],
            message: 'controllers call services, never gateways',
          },
        ],
      ),
    },
  },
  {
    files: ['libs/common/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict(
        [noApp, { group: ['@aws-sdk/*', '@smithy/*', '@nestjs/*', '**/aws/src/**', '**/aws-sandbox/src/**'], message: 'libs/common depends on nothing' }],
        [
          { name: '#aws', message: 'libs/common depends on nothing' },
          { name: '#aws-sandbox', message: 'libs/common depends on nothing' },
        ],
      ),
    },
  },
  {
    files: ['libs/aws-sandbox/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict(
        [noApp, { group: ['**/aws/src/**'], message: 'the sandbox stands alone' }],
        [{ name: '#aws', message: 'the sandbox stands alone' }],
      ),
    },
  },
  {
    files: ['libs/aws/**/*.ts', 'libs/client/**/*.ts'],
    rules: { 'no-restricted-imports': restrict([noApp]) },
  },
  {
    files: ['**/*.spec.ts', 'test/**/*.ts'],
    // Response bodies in tests are parsed JSON: untyped by nature.
    rules: { '@typescript-eslint/no-non-null-assertion': 'off', '@typescript-eslint/no-explicit-any': 'off' },
  },
);
