import type { Command } from 'commander';
import { startControlPlane } from '../../controlplane/control-plane.js';
import { createLogger } from '../../util/logger.js';
import { defaultDataDir, expandHome } from '../../util/paths.js';
import { onShutdown } from '../shutdown.js';
import { parseEventTtl } from '../../apiserver/builtin/event-ttl.js';

/** `karmada apiserver`: only the API server, for scale-out on etcd. */
export function registerApiserverCommand(program: Command): void {
  program
    .command('apiserver')
    .description('run only the karmada API server')
    .option('--data-dir <dir>', 'data directory (kubeconfig, pki, database)', defaultDataDir())
    .option('--port <n>', 'HTTPS port', '5443')
    .option('--bind <addr>', 'address to listen on', '127.0.0.1')
    .option('--token-auth-file <file>', 'static bearer tokens: CSV lines of token,user,uid,"group1,group2"')
    .option('--event-ttl <duration>', 'how long events are kept', '1h0m0s')
    .option('--storage <url>', 'storage URL: sqlite:<file>, memory:, etcd://host:port')
    .action(async (options: { dataDir: string; port: string; bind: string; storage?: string; tokenAuthFile?: string; eventTtl: string }) => {
      const logger = createLogger('karmada-apiserver');
      const plane = await startControlPlane({
        dataDir: expandHome(options.dataDir),
        port: Number(options.port),
        bind: options.bind,
        ...(options.storage === undefined ? {} : { storage: options.storage }),
        ...(options.tokenAuthFile === undefined ? {} : { tokenAuthFile: expandHome(options.tokenAuthFile) }),
        eventTtlMs: parseEventTtl(options.eventTtl),
        logger,
      });
      onShutdown(() => plane.stop());
      process.stdout.write(`karmada apiserver ready at ${plane.url}; kubeconfig: ${plane.kubeconfigPath}\n`);
    });
}
