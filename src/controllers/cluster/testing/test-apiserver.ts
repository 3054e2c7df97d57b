/** An in-process API server (memory storage) for controller tests, optionally serving HTTPS. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { assembleApiServer, type AssembledApiServer } from '../../../apiserver/assemble.js';
import { createBuiltinRules } from '../../../apiserver/builtin/builtin-rules.js';
import { ensureServerPki, type ServerPki } from '../../../pki/pki-dir.js';
import { openStore } from '../../../storage/registry.js';

export interface TestApiServer {
  readonly apiserver: AssembledApiServer;
  readonly pki: ServerPki;
  /** Set once listen() was called. */
  url: string;
  listen(): Promise<string>;
  stop(): Promise<void>;
}

/** Starts an API server on memory storage; `listen()` also serves it over HTTPS on a free port. */
export async function startTestApiServer(name = 'test-apiserver'): Promise<TestApiServer> {
  const dir = mkdtempSync(join(tmpdir(), `${name}-`));
  const pki = ensureServerPki(dir, name, ['127.0.0.1']);
  const store = await openStore('memory:');
  const apiserver = assembleApiServer({ store, pki, logger: pino({ level: 'silent' }), rules: createBuiltinRules() });
  await apiserver.start();
  const server: TestApiServer = {
    apiserver,
    pki,
    url: '',
    async listen() {
      const port = await apiserver.server.listen(0, '127.0.0.1');
      server.url = `https://127.0.0.1:${port}`;
      return server.url;
    },
    async stop() {
      // Also stops the in-apiserver controllers (namespace and CRD lifecycles).
      await apiserver.server.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return server;
}
