import type { Logger } from 'pino';
import { ResourceCatalog } from '../api/catalog/catalog.js';
import { attachKarmadaSchemas } from '../api/catalog/karmada-schemas/index.js';
import type { KubeObject } from '../api/object.js';
import type { ResourceInfo } from '../api/resource-info.js';
import { patchSchemaFor } from '../api/schema/index.js';
import { compileFieldSelector, FieldSelectorError } from '../api/selectors/field-selector.js';
import { formatLabelSelector, LabelSelectorError, parseLabelSelector, type LabelSelectorObject } from '../api/selectors/label-selector.js';
import type { ServerPki } from '../pki/pki-dir.js';
import type { Store } from '../storage/storage.js';
import type { KubeClient, VersionInfo } from '../client/client.js';
import { createKubeClient } from '../client/kube-client.js';
import { InProcessTransport } from './in-process-transport.js';
import { ApiServer, type TokenAuthenticator } from './api-server.js';
import type { UserInfo } from './auth/user-info.js';
import { EventTtlSweeper } from './builtin/event-ttl.js';
import { CrdLifecycle } from './builtin/crd-lifecycle.js';
import { registerKarmadaAdmission } from './admission/install.js';
import { crdStrategy } from './builtin/crd-strategy.js';
import { NamespaceLifecycle } from './builtin/namespace-lifecycle.js';
import { GarbageCollector } from './builtin/garbage-collector.js';
import { namespaceStrategy } from './builtin/namespace-strategy.js';
import { BuiltinStrategyResolver, type BuiltinRules } from './builtin/strategy-resolver.js';
import { createBuiltinRules } from './builtin/builtin-rules.js';
import { DiscoveryDocuments } from './discovery/discovery-documents.js';
import { buildVersionInfo } from './discovery/version-info.js';
import { pruneBuiltinUnknownFields } from './field-pruning.js';
import { pruneUnknown } from './crd/structural-schema.js';
import { NonResourceRoutes } from './non-resource-routes.js';
import { OpenAPIV3Documents } from './openapi/openapi-documents.js';
import { openAPISchemaHooks } from './openapi/schema-hooks.js';
import { applyPatchBody } from './patch-dispatch.js';
import { decodeProtobufObject } from './protobuf/decode.js';
import type { ResourceDeps } from './resource-deps.js';
import type { ResourceStrategy } from './registry/strategy.js';
import { badRequest, StatusError } from './status-error.js';
import { toTable } from './table/to-table.js';

export interface AssembleOptions {
  readonly store: Store;
  readonly pki: ServerPki;
  readonly logger: Logger;
  /** Defaulting and validation of built-in kinds (default: kube-apiserver's rules). */
  readonly rules?: BuiltinRules;
  /** Kubernetes minor version advertised at /version (kubectl's dispatcher picks its client by it). */
  readonly kubernetesMinor?: number;
  /** Namespaces created at start when missing (kube-apiserver makes default, kube-system, kube-public, kube-node-lease). */
  readonly systemNamespaces?: readonly string[];
  /** The served resources; default: Kubernetes built-ins plus Karmada's kinds (a member serves BUILTIN_RESOURCES only). */
  readonly resources?: readonly ResourceInfo[];
  /** Users of `--token-auth-file` (token -> user). */
  readonly staticTokens?: ReadonlyMap<string, UserInfo>;
  /** Extra bearer-token authenticators (e.g. bootstrap tokens). */
  readonly tokenAuthenticators?: readonly TokenAuthenticator[];
  /** How long events live (`--event-ttl`); default one hour, 0 keeps them forever. */
  readonly eventTtlMs?: number;
}

const KUBERNETES_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

export interface AssembledApiServer {
  readonly server: ApiServer;
  /** A client that calls this server in-process (no HTTP), for the controllers that run beside it. */
  readonly client: KubeClient;
  readonly versionInfo: VersionInfo;
  readonly catalog: ResourceCatalog;
  readonly strategies: BuiltinStrategyResolver;
  /** Loads CRDs and starts the in-apiserver controllers (namespace and CRD lifecycle). */
  start(): Promise<void>;
}

function resourceDeps(catalog: ResourceCatalog): ResourceDeps {
  return {
    labelMatcher(selector) {
      try {
        const parsed = parseLabelSelector(selector);
        return (labels) => parsed.matches(labels);
      } catch (error) {
        if (error instanceof LabelSelectorError) {
          throw badRequest(error.message);
        }
        throw error;
      }
    },
    fieldMatcher(selector, info) {
      try {
        return compileFieldSelector(selector, info);
      } catch (error) {
        if (error instanceof FieldSelectorError) {
          throw badRequest(error.message);
        }
        throw error;
      }
    },
    toTable(info, objects, options) {
      return toTable(info, objects, options) as unknown as Record<string, unknown>;
    },
    applyPatch: applyPatchBody,
    patchSchemaFor(info: ResourceInfo) {
      return info.builtin ? patchSchemaFor(info.group, info.version, info.kind) : undefined;
    },
    pruneUnknownFields(info: ResourceInfo, object: KubeObject) {
      if (info.builtin) {
        const pruned = pruneBuiltinUnknownFields(info.group, info.version, info.kind, object);
        // Built-in kinds without type tables (Karmada's aggregated Cluster) fall back to their catalog schema.
        if (pruned !== undefined) return pruned;
      }
      const schema = catalog.openAPIV3Schema(info.group, info.version, info.kind);
      return schema === undefined ? undefined : pruneUnknown(object, { ...schema });
    },
    protobuf: decodeProtobufObject,
    formatLabelSelector(selector) {
      return formatLabelSelector(selector as LabelSelectorObject);
    },
  };
}

/** Builds one API server (control plane or simulated member) with its catalog and built-in controllers. */
export function assembleApiServer(options: AssembleOptions): AssembledApiServer {
  const catalog = options.resources === undefined ? ResourceCatalog.withDefaults() : new ResourceCatalog(options.resources);
  attachKarmadaSchemas(catalog);
  const special = new Map<string, ResourceStrategy>([
    ['/namespaces', namespaceStrategy],
    ['apiextensions.k8s.io/customresourcedefinitions', crdStrategy],
  ]);
  const strategies = new BuiltinStrategyResolver(options.rules ?? createBuiltinRules(), special, (info) => catalog.openAPIV3Schema(info.group, info.version, info.kind));
  catalog.onChange(() => strategies.forget());
  const versionInfo = buildVersionInfo(options.kubernetesMinor === undefined ? {} : { minor: options.kubernetesMinor });
  const discovery = new DiscoveryDocuments(catalog);
  const openapi = new OpenAPIV3Documents(catalog, openAPISchemaHooks());
  const routes = new NonResourceRoutes(discovery, openapi);
  const server = new ApiServer({
    store: options.store,
    resources: catalog,
    strategies,
    deps: resourceDeps(catalog),
    schemaOf: (info) => catalog.openAPIV3Schema(info.group, info.version, info.kind),
    nonResource: (req, res, url) => routes.handle(req, res, url),
    pki: options.pki,
    logger: options.logger,
    versionInfo: versionInfo as unknown as Record<string, string>,
    ...(options.staticTokens === undefined ? {} : { staticTokens: options.staticTokens }),
    ...(options.tokenAuthenticators === undefined ? {} : { tokenAuthenticators: options.tokenAuthenticators }),
  });
  registerKarmadaAdmission(strategies, catalog, async (info) => (await server.registry.list(info, '')).items);
  const onError = (error: unknown): void => options.logger.error({ err: error }, 'apiserver controller error');
  const crdNames = new Map<string, { group: string; resource: string }>();
  const crds = new CrdLifecycle(server.registry, catalog, {
    setCrdResources(crdName, resources, schemas) {
      const first = resources[0];
      const previous = crdNames.get(crdName);
      if (first === undefined) {
        if (previous !== undefined) {
          catalog.remove(previous.group, previous.resource);
          crdNames.delete(crdName);
        }
        return;
      }
      crdNames.set(crdName, { group: first.group, resource: first.resource });
      catalog.replace(
        first.group,
        first.resource,
        resources.map((info) => {
          const openAPIV3Schema = schemas?.get(info.version);
          return openAPIV3Schema === undefined ? { info } : { info, openAPIV3Schema };
        }),
      );
    },
  }, onError);
  special.set('apiextensions.k8s.io/customresourcedefinitions', { ...crdStrategy, afterWrite: (crd) => crds.observe(crd) });
  const namespaces = new NamespaceLifecycle(server.registry, catalog, onError);
  const garbageCollector = new GarbageCollector(server.registry, catalog, onError);
  const eventTtl = new EventTtlSweeper(options.store, options.eventTtlMs === undefined ? {} : { ttlMs: options.eventTtlMs }, onError);
  const client = createKubeClient(new InProcessTransport(server.ops, catalog, versionInfo));
  return {
    server,
    client,
    versionInfo,
    catalog,
    strategies,
    async start() {
      await crds.start(server.signal);
      namespaces.start(server.signal);
      garbageCollector.start(server.signal);
      eventTtl.start(server.signal);
      const namespaceInfo = catalog.get('', 'v1', 'namespaces');
      for (const name of options.systemNamespaces ?? KUBERNETES_NAMESPACES) {
        if (namespaceInfo === undefined) {
          break;
        }
        try {
          await server.registry.create(namespaceInfo, '', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
        } catch (error) {
          if (!(error instanceof StatusError && error.code === 409)) {
            throw error;
          }
        }
      }
      await server.auth.start(server.registry, catalog, server.signal);
    },
  };
}
