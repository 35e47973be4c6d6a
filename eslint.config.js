import js from '@eslint/js';
import importX from 'eslint-plugin-import-x';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Dependencies point one way: app -> libs/aws -> libs/common; the sandbox depends on nothing of ours
// but libs/common; controllers never reach gateways or the SDK; only libs/aws and the sandbox import @aws-sdk.
const zones = [
  { target: './libs', from: './apps', message: 'libraries never import the application' },
  { target: './libs/common', from: './libs/aws', message: 'libs/common is the bottom layer' },
  { target: './libs/common', from: './libs/aws-sandbox', message: 'libs/common is the bottom layer' },
  { target: './libs/aws-sandbox', from: './libs/aws', message: 'the sandbox stands alone' },
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'apps/s3-api/src/generated/**', 'libs/client/src/schema.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { 'import-x': importX },
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'import-x/no-restricted-paths': ['error', { zones }],
      'import-x/no-cycle': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'off',
      'no-restricted-syntax': ['error', { selector: "CallExpression[callee.name='setTimeout'][arguments.length<2]", message: 'give setTimeout an explicit delay' }],
    },
  },
  {
    files: ['apps/**/*.ts'],
    ignores: ['apps/**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@aws-sdk/*', '@smithy/*'], message: 'only libs/aws talks to the AWS SDK' }] },
      ],
    },
  },
  {
    files: ['apps/**/*.controller.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [{ group: ['@aws-sdk/*', '@smithy/*'], message: 'only libs/aws talks to the AWS SDK' }],
          paths: [{ name: '#aws', importNames: ['S3Gateway', 'IamGateway', 'CloudFrontGateway', 'Route53Gateway', 'StsGateway'], message: 'controllers call services, never gateways' }],
        },
      ],
    },
  },
  {
    files: ['libs/common/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['@aws-sdk/*', '@nestjs/*', '#aws', '#aws-sandbox'], message: 'libs/common depends on nothing' }] }],
    },
  },
  {
    files: ['**/*.spec.ts', 'test/**/*.ts'],
    // Response bodies in tests are parsed JSON: untyped by nature.
    rules: { '@typescript-eslint/no-non-null-assertion': 'off', '@typescript-eslint/no-explicit-any': 'off' },
  },
);
