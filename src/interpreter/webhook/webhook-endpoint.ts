/**
 * Where a hook is reached (`customized/webhook/serviceresolvers.go` and the apiserver's webhook
 * client config). A `url` is used as written. A `service` is looked up among the control plane's
 * Services: ClusterIP, NodePort and LoadBalancer Services resolve to `https://<clusterIP>:<port>`,
 * ExternalName Services to `https://<externalName>:<port>`; a Service that does not exist falls
 * back to `https://<name>.<namespace>.svc:<port>`. The certificate is checked against
 * `<name>.<namespace>.svc` for services, as Kubernetes does.
 *
 * In karmada-ts the control plane runs no cluster network, so a ClusterIP is only reachable when
 * something routes it; an ExternalName Service (e.g. `externalName: 127.0.0.1`) or a `url` is the
 * practical way to reach a hook.
 */
import { isPlainObject, type KubeObject } from '../../api/object.js';
import type { WebhookClientConfig } from './webhook-configuration.js';

/** Finds a Service of the control plane; undefined when it does not exist. */
export type ServiceLookup = (namespace: string, name: string) => Promise<KubeObject | undefined>;

/** A resolved endpoint. */
export interface WebhookEndpoint {
  readonly url: URL;
  /** TLS server name to verify (services); default: the URL's host. */
  readonly serverName?: string;
  /** PEM CA bundle; undefined: the system roots. */
  readonly ca?: string;
}

/** The PEM text of a `caBundle` (base64 of PEM in JSON); undefined when empty. */
export function decodeCaBundle(caBundle: string | undefined): string | undefined {
  if (caBundle === undefined || caBundle === '') return undefined;
  const text = Buffer.from(caBundle, 'base64').toString('utf8');
  // Be forgiving with a bundle pasted as PEM rather than base64.
  return text.includes('-----BEGIN') ? text : caBundle.includes('-----BEGIN') ? caBundle : text;
}

function hostPort(host: string, port: number): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** Resolves a hook's client config to a URL, a server name and a CA bundle. */
export async function resolveEndpoint(config: WebhookClientConfig, services?: ServiceLookup): Promise<WebhookEndpoint> {
  const ca = decodeCaBundle(config.caBundle);
  const withCa = ca === undefined ? {} : { ca };
  if (config.url !== undefined && config.url !== '') return { url: new URL(config.url), ...withCa };
  const service = config.service;
  if (service === undefined) throw new Error('webhook clientConfig has neither url nor service');
  const port = service.port ?? 443;
  const path = service.path ?? '';
  const serverName = `${service.name}.${service.namespace}.svc`;
  const found = services === undefined ? undefined : await services(service.namespace, service.name);
  const host = found === undefined ? serverName : hostOfService(found, port);
  return { url: new URL(`https://${hostPort(host, port)}${path}`), serverName, ...withCa };
}

/** The host a found Service routes `port` to (`resolveCluster` in Karmada). */
function hostOfService(service: KubeObject, port: number): string {
  const spec = isPlainObject(service['spec']) ? service['spec'] : {};
  const type = typeof spec['type'] === 'string' ? spec['type'] : 'ClusterIP';
  const name = service.metadata.name ?? '';
  if (type === 'ExternalName') return typeof spec['externalName'] === 'string' ? spec['externalName'] : '';
  if (type !== 'ClusterIP' && type !== 'NodePort' && type !== 'LoadBalancer') throw new Error(`unsupported service type "${type}"`);
  const clusterIP = typeof spec['clusterIP'] === 'string' ? spec['clusterIP'] : '';
  if (type === 'ClusterIP' && clusterIP === 'None') throw new Error('cannot route to service with ClusterIP "None"');
  const ports = Array.isArray(spec['ports']) ? spec['ports'] : [];
  if (!ports.some((p) => isPlainObject(p) && p['port'] === port)) {
    throw new Error(`no service port ${port} found for service "${name}"`);
  }
  return clusterIP;
}
