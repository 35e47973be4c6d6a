// The emulator's own ceiling: HeadBucket calls per second through a real S3Client with no latency.
// Runs after `npm run build`, where '#aws-sandbox' resolves to the compiled library.
import { pathToFileURL } from 'node:url';
import { measureSandboxCallRate } from '#aws-sandbox';

export async function run({ durationMs = 2000 } = {}) {
  return measureSandboxCallRate({ durationMs });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify(await run()));
}
