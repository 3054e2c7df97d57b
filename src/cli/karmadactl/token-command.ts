/**
 * `karmadactl token create|list|delete`: bootstrap tokens in the control plane's kube-system.
 * `create` also makes sure pull-mode registration can use them (cluster-info and the agent
 * role for the token groups; `karmadactl init` does this in Karmada).
 */
import type { Command } from 'commander';
import { isNotFound } from '../../client/api-error.js';
import { SECRETS } from '../../controllers/cluster/constants.js';
import { parseGoDurationMs } from '../../controllers/cluster/lifecycle-options.js';
import { ensurePullModeBootstrap } from '../../agent/agent-rbac.js';
import {
  BOOTSTRAP_TOKEN_ID_RE,
  BOOTSTRAP_TOKEN_NAMESPACE,
  BOOTSTRAP_TOKEN_SECRET_TYPE,
  DEFAULT_TOKEN_GROUPS,
  DEFAULT_TOKEN_USAGES,
  bootstrapTokenFromSecret,
  bootstrapTokenSecret,
  bootstrapTokenSecretName,
  caCertHash,
  newBootstrapToken,
  parseTokenString,
  splitPemCertificates,
} from '../../agent/bootstrap-token.js';
import { commaList, globalFlags, karmadaClient, karmadaRestConfig } from './karmada-config.js';

interface CreateFlags {
  printRegisterCommand?: boolean;
  ttl: string;
  usages?: string[];
  groups?: string[];
  description?: string;
}

/** `GenerateRegisterCommand`. */
export function registerCommandLine(parent: string, server: string, token: string, caPem: string): string {
  const pins = splitPemCertificates(caPem).map(caCertHash);
  if (pins.length === 0) {
    throw new Error('failed to get register command, err: no CA certificates found in kubeconfig');
  }
  return `${parent} register ${server.replace(/https:\/\//g, '')} --token ${token} --discovery-token-ca-cert-hash ${pins.join(',')}`;
}

/** kubectl's short human duration (`duration.ShortHumanDuration`). */
function shortDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 0) return '<invalid>';
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h`;
  const d = Math.floor(h / 24);
  return d < 365 * 8 ? `${d}d` : `${Math.floor(d / 365)}y`;
}

function printTable(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd((widths[i] ?? 0) + 3))).join('').trimEnd()).join('\n') + '\n';
}

export function registerTokenCommand(program: Command): void {
  const token = program.command('token').description('Manage bootstrap tokens');

  token
    .command('create')
    .description('Create bootstrap tokens on the server')
    .option('--print-register-command', "Instead of printing only the token, print the full 'karmadactl register' flag needed to register the member cluster using the token.")
    .option('--ttl <duration>', "The duration before the token is automatically deleted (e.g. 1s, 2m, 3h). If set to '0', the token will never expire", '24h0m0s')
    .option('--usages <usages>', 'Describes the ways in which this token can be used. Valid options: [signing,authentication]', commaList)
    .option('--groups <groups>', 'Extra groups that this token will authenticate as when used for authentication.', commaList)
    .option('--description <text>', 'A human friendly description of how this token is used.')
    .action(async (flags: CreateFlags, command: Command) => {
      const g = globalFlags(command);
      const config = karmadaRestConfig(g);
      const client = karmadaClient(g);
      try {
        const groups = flags.groups ?? [...DEFAULT_TOKEN_GROUPS];
        for (const group of groups) {
          if (!/^system:bootstrappers:[a-z0-9:-]{0,255}[a-z0-9]$/.test(group)) {
            throw new Error(`group "${group}" does not match the pattern "\\Asystem:bootstrappers:[a-z0-9:-]{0,255}[a-z0-9]\\z"`);
          }
        }
        const bt = newBootstrapToken({
          ttlMs: parseGoDurationMs(flags.ttl),
          usages: flags.usages ?? DEFAULT_TOKEN_USAGES,
          groups,
          ...(flags.description === undefined ? {} : { description: flags.description }),
        });
        try {
          await client.get(SECRETS, bootstrapTokenSecretName(bt.id), { namespace: BOOTSTRAP_TOKEN_NAMESPACE });
          throw new Error(`a token with id "${bt.id}" already exists`);
        } catch (err) {
          if (!isNotFound(err)) throw err;
        }
        await client.create(SECRETS, bootstrapTokenSecret(bt));
        if (config.caPem !== undefined) {
          await ensurePullModeBootstrap(client, config.server, config.caPem, groups);
        }
        const tokenString = `${bt.id}.${bt.secret}`;
        if (flags.printRegisterCommand === true) {
          process.stdout.write(`${registerCommandLine('karmadactl', config.server, tokenString, config.caPem ?? '')}\n`);
        } else {
          process.stdout.write(`${tokenString}\n`);
        }
      } finally {
        client.close();
      }
    });

  token
    .command('list')
    .description('List bootstrap tokens on the server')
    .action(async (_flags: object, command: Command) => {
      const client = karmadaClient(globalFlags(command));
      try {
        const secrets = await client.list(SECRETS, { namespace: BOOTSTRAP_TOKEN_NAMESPACE, fieldSelector: `type=${BOOTSTRAP_TOKEN_SECRET_TYPE}` });
        const rows = [['TOKEN', 'TTL', 'EXPIRES', 'USAGES', 'DESCRIPTION', 'EXTRA GROUPS']];
        for (const secret of secrets.items) {
          const t = bootstrapTokenFromSecret(secret);
          if (t === undefined) {
            process.stderr.write(`bootstrap Token Secret is invalid: ${secret.metadata.name ?? ''}\n`);
            continue;
          }
          const expires = t.expiration === undefined ? undefined : Date.parse(t.expiration);
          rows.push([
            `${t.id}.${t.secret}`,
            expires === undefined ? '<forever>' : shortDuration(expires - Date.now()),
            t.expiration ?? '<never>',
            t.usages.length === 0 ? '<none>' : t.usages.join(','),
            t.description ?? '<none>',
            t.groups.length === 0 ? '<none>' : t.groups.join(','),
          ]);
        }
        process.stdout.write(printTable(rows));
      } finally {
        client.close();
      }
    });

  token
    .command('delete')
    .usage('[token-value] ...')
    .description('Delete bootstrap tokens on the server')
    .argument('[tokens...]')
    .action(async (tokens: string[], _flags: object, command: Command) => {
      if (tokens.length < 1) {
        throw new Error(`missing subcommand; 'token delete' is missing token of form "[a-z0-9]{6}"`);
      }
      const client = karmadaClient(globalFlags(command));
      try {
        for (const value of tokens) {
          const id = BOOTSTRAP_TOKEN_ID_RE.test(value) ? value : parseTokenString(value)?.id;
          if (id === undefined) {
            throw new Error(`given token didn't match pattern "[a-z0-9]{6}" or "[a-z0-9]{6}"`);
          }
          try {
            await client.delete(SECRETS, bootstrapTokenSecretName(id), { namespace: BOOTSTRAP_TOKEN_NAMESPACE });
          } catch (err) {
            throw new Error(`failed to delete bootstrap token "${id}", err: ${(err as Error).message}`);
          }
          process.stdout.write(`bootstrap token "${id}" deleted\n`);
        }
      } finally {
        client.close();
      }
    });
}
