import { stringify } from 'yaml';
import { createApp } from '../app.setup.js';
import { loadConfig } from '../config/config.loader.js';
import { buildOpenApiDocument } from './openapi.document.js';

/**
 * The committed openapi.yaml: built from the code on the sandbox defaults, with no listening socket,
 * no background task and no AWS call.
 */
export async function renderOpenApiYaml(): Promise<string> {
  const app = await createApp({ config: loadConfig({}), logLevel: 'silent', backgroundTasks: false });
  try {
    await app.init();
    return stringify(buildOpenApiDocument(app), { lineWidth: 0, aliasDuplicateObjects: false });
  } finally {
    await app.close();
  }
}
