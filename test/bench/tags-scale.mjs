// npm run bench:tags-scale: one account of the tags access model, at the sandbox's (AWS's default)
// quotas, filled through the API to S3's 10,000 buckets, each with a user while IAM's user quota lasts:
// AWS allows 5,000 users per account and does not raise that quota, so 10,000 buckets each with a user
// cannot be in one account. Prints the counts and the account's IAM usage as it grows, and fails (exit
// 1) unless groups and policies stay constant, the users stop exactly at the quota and every user
// create past it answers 409 QuotaExceeded naming UsersPerAccount.
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const dist = (p) => join(root, 'dist', p);
const { createApp } = await import(dist('apps/s3-api/src/app.setup.js'));
const { loadConfig } = await import(dist('apps/s3-api/src/config/config.loader.js'));
const { AwsSandbox } = await import(dist('libs/aws-sandbox/src/index.js'));

const TOKEN = 'sandbox-token';
const ACCOUNT_ID = '111111111111';
const BUCKETS = Number(process.env.SCALE_BUCKETS ?? 10_000);
/** Requests in flight at once, as several clients would send them. */
const CONCURRENCY = 8;

const loaded = loadConfig({});
const config = { ...loaded, accounts: loaded.accounts.map((account) => ({ ...account, accessModel: 'tags' })) };
const sandbox = new AwsSandbox({ cloudFrontDeployDelayMs: 0 });
const app = await createApp({ config, sandbox, logLevel: 'silent', backgroundTasks: false });
await app.init();
const fastify = app.getHttpAdapter().getInstance();
await fastify.ready();

const post = async (url, body) => {
  const res = await fastify.inject({
    method: 'POST',
    url: `/v1/s3/sandbox/${url}`,
    headers: { 'x-auth-token': TOKEN, 'content-type': 'application/json' },
    payload: JSON.stringify(body),
  });
  return { status: res.statusCode, body: JSON.parse(res.body) };
};

const quotas = sandbox.quotasOf(ACCOUNT_ID);
if (quotas.buckets !== 10_000 || quotas.users !== 5_000) throw new Error(`the sandbox's quotas are not AWS's defaults: ${JSON.stringify(quotas)}`);

/** The account's IAM usage as the service itself reads it (GetAccountSummary through the sandbox). */
const { IamGateway, AwsAccountProvider } = await import(dist('libs/aws/src/index.js'));
const account = app.get(AwsAccountProvider).resolve('sandbox');
const usageOf = () => app.get(IamGateway).quotaUsage(account);
const iamUsage = async () => {
  const u = await usageOf();
  return `groups ${u.groups.used}/${u.groups.quota}, customer managed policies ${u.policies.used}/${u.policies.quota}, users ${u.users.used}/${u.users.quota}`;
};

console.log(`tags access model, sandbox quotas: ${JSON.stringify(quotas)}; ${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)}`);
const listBuckets = async () =>
  JSON.parse((await fastify.inject({ method: 'GET', url: '/v1/s3/sandbox/buckets', headers: { 'x-auth-token': TOKEN } })).body).length;
// The account's own buckets (its access-log bucket) count against S3's quota too.
const existing = await listBuckets();
const toMake = Math.min(BUCKETS, quotas.buckets) - existing;
console.log(`before:        ${existing} buckets, ${await iamUsage()}`);
const before = await usageOf();
const started = Date.now();
let buckets = 0;
let users = 0;
const refusedUsers = new Map();
let next = 0;
async function worker() {
  while (next < toMake) {
    const i = next++;
    const name = `scale-${String(i).padStart(5, '0')}`;
    const bucket = await post('buckets', { BucketInput: { Bucket: name } });
    if (bucket.status !== 202) throw new Error(`bucket ${name}: ${bucket.status} ${JSON.stringify(bucket.body)}`);
    const made = ++buckets;
    const user = await post(`buckets/${name}/users`, { User: { UserName: `${name}-u` }, Groups: [['BktAdmGrp', 'BktRWGrp', 'BktROGrp'][i % 3]] });
    if (user.status === 200) users++;
    else {
      const answer = `${user.status} ${user.body.Code}${user.body.Message?.includes('UsersPerAccount') ? ' (UsersPerAccount)' : ''}`;
      refusedUsers.set(answer, (refusedUsers.get(answer) ?? 0) + 1);
    }
    if (made % 1_000 === 0) console.log(`${String(made).padStart(6)} buckets, ${users} users: ${await iamUsage()}`);
  }
}
await Promise.all(Array.from({ length: CONCURRENCY }, worker));
console.log(`after:    ${buckets} buckets made through POST /buckets, ${users} users through POST /buckets/{b}/users: ${await iamUsage()}`);
console.log(`GET /buckets lists ${await listBuckets()} buckets (S3's quota: ${quotas.buckets})`);
for (const [answer, count] of refusedUsers) console.log(`user creates refused: ${count} × ${answer} (IAM's user quota, checked before anything is made)`);
console.log(`${((Date.now() - started) / 1000).toFixed(0)} s`);
const after = await usageOf();
// The shared policies this run needed (admin, read-write, read-only), made once whatever the bucket count.
const problems = [
  after.groups.used !== before.groups.used && `groups went from ${before.groups.used} to ${after.groups.used}`,
  after.policies.used - before.policies.used > 3 && `policies went from ${before.policies.used} to ${after.policies.used}`,
  existing + buckets !== Math.min(BUCKETS, quotas.buckets) && `the account holds ${existing + buckets} buckets`,
  toMake > quotas.users - before.users.used && after.users.used !== quotas.users && `users stopped at ${after.users.used}, not at the quota`,
  [...refusedUsers.keys()].some((answer) => answer !== '409 QuotaExceeded (UsersPerAccount)') && 'a user create was refused for another reason',
].filter(Boolean);
for (const problem of problems) console.error(`FAILED: ${problem}`);
await app.close();
if (problems.length > 0) process.exit(1);
