// Loaded into the server by the benchmark only (`node --expose-gc --import`): answers its IPC
// questions about the process, which the server itself has no reason to publish.
//   'heap'    -> the V8 heap in use after two full collections, in bytes
//   'modules' -> how many module files were loaded (counted by a load hook)
import { registerHooks } from 'node:module';

const files = new Set();
registerHooks({
  load(url, context, next) {
    if (url.startsWith('file:')) files.add(url);
    return next(url, context);
  },
});

process.on('message', (question) => {
  if (question === 'heap') {
    globalThis.gc();
    globalThis.gc();
    process.send({ heap: process.memoryUsage().heapUsed });
  } else if (question === 'modules') {
    process.send({ modules: files.size });
  }
});
