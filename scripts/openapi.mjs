// npm run openapi        -> regenerates openapi.yaml from the code (no AWS call, no socket) and the
//                           generated client's types (libs/client/src/schema.ts) from openapi.yaml
// npm run openapi:check  -> fails when either committed file differs from what the code generates
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import { parse } from 'yaml';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const targets = {
  spec: join(root, 'openapi.yaml'),
  client: join(root, 'libs/client/src/schema.ts'),
};

const { renderOpenApiYaml } = await import(join(root, 'dist/apps/s3-api/src/openapi/openapi.export.js'));
const spec = await renderOpenApiYaml();
const client = `// Generated from openapi.yaml by \`npm run openapi\`. Do not edit.\n${astToString(await openapiTS(parse(spec)))}`;
const generated = { spec, client };

const read = (path) => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
};

const mode = process.argv[2];
if (mode === 'write') {
  for (const [name, path] of Object.entries(targets)) {
    writeFileSync(path, generated[name]);
    console.log(`wrote ${path}`);
  }
} else if (mode === 'check') {
  let stale = false;
  for (const [name, path] of Object.entries(targets)) {
    const committed = read(path);
    if (committed === generated[name]) continue;
    stale = true;
    const a = committed.split('\n');
    const b = generated[name].split('\n');
    const first = a.findIndex((line, i) => line !== b[i]);
    console.error(`${path} is stale: run \`npm run openapi\` and commit the result.`);
    console.error(`  first difference at line ${first + 1}:\n    committed: ${a[first] ?? '<end of file>'}\n    generated: ${b[first] ?? '<end of file>'}`);
  }
  if (stale) process.exit(1);
  console.log('openapi.yaml and the generated client are up to date');
} else {
  console.error('usage: node scripts/openapi.mjs write|check');
  process.exit(2);
}
