import { stringify } from 'yaml';

export interface KubeconfigOptions {
  readonly clusterName: string;
  readonly server: string;
  readonly caPem: string;
  readonly token: string;
  readonly user?: string;
  readonly namespace?: string;
}

/** A kubeconfig with one cluster, one token user and one current context, as kubectl reads it. */
export function renderKubeconfig(options: KubeconfigOptions): string {
  const user = options.user ?? `${options.clusterName}-admin`;
  const context: Record<string, string> = { cluster: options.clusterName, user };
  if (options.namespace !== undefined) {
    context['namespace'] = options.namespace;
  }
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: options.clusterName,
        cluster: {
          server: options.server,
          'certificate-authority-data': Buffer.from(options.caPem).toString('base64'),
        },
      },
    ],
    users: [{ name: user, user: { token: options.token } }],
    contexts: [{ name: options.clusterName, context }],
    'current-context': options.clusterName,
    preferences: {},
  });
}
