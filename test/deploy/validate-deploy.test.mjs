// Self-test of scripts/validate-deploy.mjs with Node's own test runner (no build needed):
//   node --test test/deploy/
// Each case copies the deployment files into a temporary root, breaks one thing, and expects the
// validator to fail naming it; the untouched copy must pass.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '../..');
const script = join(repo, 'scripts/validate-deploy.mjs');
const roots = [];
after(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

/** A root with the deployment files and stand-ins for what the Dockerfile copies. */
function fixture() {
  const root = mkdtempSync(join(tmpdir(), 'deploy-fixture-'));
  roots.push(root);
  for (const file of ['Dockerfile', '.dockerignore', 'docker-compose.yml', 'deploy', 'package.json']) cpSync(join(repo, file), join(root, file), { recursive: true, dereference: true });
  for (const file of ['package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'LICENSE', 'scripts/build.mjs', 'scripts/generate.mjs', 'apps/s3-api/src/main.ts', 'libs/common/src/index.ts']) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), '');
  }
  return root;
}
const edit = (root, file, from, to) => {
  const path = join(root, file);
  const text = readFileSync(path, 'utf8');
  assert.ok(text.includes(from), `fixture: ${file} has no ${JSON.stringify(from)}`);
  writeFileSync(path, text.replace(from, to));
};
// The fixture has no dist/, so the config-loader checks are skipped here (they run in the repo).
const run = (root) => spawnSync(process.execPath, [script, '--root', root], { encoding: 'utf8', timeout: 60_000 });

test('the deployment files as they are pass', () => {
  const result = run(fixture());
  assert.equal(result.status, 0, result.stderr + result.stdout);
  assert.match(result.stdout, /\d+ passed, 0 failed/);
});

const cases = [
  ['a misspelled probe field', 'deploy/k8s/deployment.yaml', 'periodSeconds: 10\n            timeoutSeconds: 2', 'periodSecond: 10\n            timeoutSeconds: 2', /livenessProbe\.periodSecond: unknown field/],
  ['a wrong type', 'deploy/k8s/deployment.yaml', 'replicas: 2', 'replicas: two', /spec\/replicas must be integer/],
  ['a probe on the wrong path', 'deploy/k8s/deployment.yaml', 'path: /v1/s3/health/ready', 'path: /healthz', /readinessProbe must GET \/v1\/s3\/health\/ready/],
  ['a grace period shorter than the drain', 'deploy/k8s/deployment.yaml', 'terminationGracePeriodSeconds: 60', 'terminationGracePeriodSeconds: 40', /terminationGracePeriodSeconds \(40\) must exceed/],
  ['a writable root filesystem', 'deploy/k8s/deployment.yaml', 'readOnlyRootFilesystem: true', 'readOnlyRootFilesystem: false', /readOnlyRootFilesystem must be true/],
  ['a missing kustomize resource', 'deploy/k8s/kustomization.yaml', '- service.yaml', '- services.yaml', /deploy\/k8s\/services\.yaml: missing/],
  ['a Service on the wrong port', 'deploy/k8s/service.yaml', 'targetPort: http', 'targetPort: 9090', /must map port 80 to the container's 8080/],
  ['another base image', 'Dockerfile', 'FROM node:24-slim AS runtime', 'FROM node:22-slim AS runtime', /every stage must be node:24-slim/],
  ['a root runtime user', 'Dockerfile', 'USER 1000:1000', 'USER root', /non-root USER/],
  ['a curl health check', 'Dockerfile', 'CMD ["node", "-e", "fetch(', 'CMD ["curl", "-e", "fetch(', /must not need curl/],
  ['sources in the runtime image', 'Dockerfile', 'COPY package.json LICENSE ./', 'COPY package.json LICENSE apps ./', /copies apps from the context/],
  ['an unknown compose key', 'docker-compose.yml', '    read_only: true', '    readonly: true', /schema: \/services\/api must NOT have additional properties \(readonly\)/],
  ['ambient endpoints on the api', 'docker-compose.yml', '      AWS_REGION: us-east-1\n      AWS_EC2', '      AWS_REGION: us-east-1\n      AWS_ENDPOINT_URL: http://moto:5000\n      AWS_EC2', /api sets AWS_ENDPOINT_URL/],
  ['an endpoint off moto', 'deploy/compose/config.template.yaml', 'sts: http://moto:5000', 'sts: https://sts.amazonaws.com', /aws\.endpoints\.sts must be http:\/\/moto:5000/],
  ['a placeholder the module leaves', 'deploy/iam/policy/main.tf', '"$${Org}", var.org', '"$${Organisation}", var.org', /policy\/main\.tf: does not fill in \$\{Org\}/],
  ['an unknown placeholder', 'deploy/iam/s3-api-policy.json', '"${Org}"', '"${Organisation}"', /unknown placeholder \$\{Organisation\}/],
  ['a statement without a Sid', 'deploy/iam/s3-api-policy.json', '"Sid": "IamAccountWide",', '', /every statement needs a Sid of its own/],
];
for (const [name, file, from, to, expected] of cases) {
  test(`fails on ${name}`, () => {
    const root = fixture();
    edit(root, file, from, to);
    const result = run(root);
    assert.equal(result.status, 1, result.stdout);
    assert.match(result.stderr, expected);
  });
}
