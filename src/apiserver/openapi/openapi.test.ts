import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { ResourceCatalog } from '../../api/catalog/catalog.js';
import type { GroupVersionKind, ResourceInfo } from '../../api/resource-info.js';
import { definitionName } from './definition-names.js';
import { buildGroupVersionDocument } from './group-version-document.js';
import { OpenAPIV3Documents, openAPIPathOf, parseOpenAPIPath } from './openapi-documents.js';
import type { OpenAPIDocument, OpenAPIOperation, OpenAPIV3Root } from './types.js';

const catalog = ResourceCatalog.withDefaults();

function documentFor(group: string, version: string, target = catalog): OpenAPIDocument {
  const document = buildGroupVersionDocument(target, group, version);
  if (!document) assert.fail(`no document for ${group}/${version}`);
  return document;
}

/** kubectl's supportsQueryParamV3: the first PATCH operation tagged with the GVK must list the parameter inline. */
function kubectlSeesFieldValidation(document: OpenAPIDocument, gvk: GroupVersionKind): boolean {
  for (const item of Object.values(document.paths)) {
    const patch = item.patch;
    if (!patch) continue;
    const tagged = patch['x-kubernetes-group-version-kind'];
    if (tagged.group !== gvk.group || tagged.version !== gvk.version || tagged.kind !== gvk.kind) continue;
    return (patch.parameters ?? []).some((parameter) => parameter.name === 'fieldValidation' && parameter.in === 'query');
  }
  return false;
}

function operation(document: OpenAPIDocument, path: string, method: 'get' | 'put' | 'post' | 'delete' | 'patch'): OpenAPIOperation {
  const found = document.paths[path]?.[method];
  if (!found) assert.fail(`${method.toUpperCase()} ${path} missing`);
  return found;
}

describe('group/version documents', () => {
  it('apps/v1: Deployment PATCH carries the GVK object and an inline fieldValidation query parameter', () => {
    const document = documentFor('apps', 'v1');
    assert.equal(document.openapi, '3.0.0');
    const patch = operation(document, '/apis/apps/v1/namespaces/{namespace}/deployments/{name}', 'patch');
    assert.deepEqual(patch['x-kubernetes-group-version-kind'], { group: 'apps', kind: 'Deployment', version: 'v1' });
    assert.equal(patch['x-kubernetes-action'], 'patch');
    assert.equal(patch.operationId, 'patchAppsV1NamespacedDeployment');
    assert.deepEqual(patch.tags, ['apps_v1']);
    const fieldValidation = patch.parameters?.find((parameter) => parameter.name === 'fieldValidation');
    assert.equal(fieldValidation?.in, 'query');
    assert.deepEqual(fieldValidation?.schema, { type: 'string', uniqueItems: true });
    assert.ok(kubectlSeesFieldValidation(document, { group: 'apps', version: 'v1', kind: 'Deployment' }));
  });

  it('does not advertise strategic merge patch until schemas carry patch strategies, unless asked', () => {
    const path = '/apis/apps/v1/namespaces/{namespace}/deployments/{name}';
    const plain = operation(documentFor('apps', 'v1'), path, 'patch');
    assert.deepEqual(Object.keys(plain.requestBody?.content ?? {}), [
      'application/apply-patch+yaml',
      'application/json-patch+json',
      'application/merge-patch+json',
    ]);
    const withSmp = buildGroupVersionDocument(catalog, 'apps', 'v1', { strategicMergePatch: (info) => info.builtin });
    assert.ok(withSmp?.paths[path]?.patch?.requestBody?.content['application/strategic-merge-patch+json']);
  });

  it('api/v1 has the Namespace PATCH kubectl uses as the proxy for custom resources', () => {
    const document = documentFor('', 'v1');
    const patch = operation(document, '/api/v1/namespaces/{name}', 'patch');
    assert.deepEqual(patch['x-kubernetes-group-version-kind'], { group: '', kind: 'Namespace', version: 'v1' });
    assert.equal(patch.operationId, 'patchCoreV1Namespace');
    assert.ok(kubectlSeesFieldValidation(document, { group: '', version: 'v1', kind: 'Namespace' }));
    // Namespaces have no deletecollection.
    assert.equal(document.paths['/api/v1/namespaces']?.delete, undefined);
    assert.ok(document.paths['/api/v1/namespaces']?.post);
  });

  it('every served kind with a patch verb passes kubectl’s fieldValidation check, subresource PATCHes included', () => {
    for (const served of catalog.groups()) {
      for (const version of served.versions) {
        const document = documentFor(served.group, version);
        for (const [path, item] of Object.entries(document.paths)) {
          if (item.patch) {
            assert.ok(
              item.patch.parameters?.some((parameter) => parameter.name === 'fieldValidation'),
              `PATCH ${path} lacks fieldValidation`,
            );
          }
        }
        for (const info of catalog.resources(served.group, version)) {
          if (!(info.verbs ?? ['patch']).includes('patch')) continue;
          assert.ok(kubectlSeesFieldValidation(document, info), `${info.kind}.${version}.${served.group}`);
        }
      }
    }
  });

  it('names operations and paths as kube-apiserver does', () => {
    const apps = documentFor('apps', 'v1');
    assert.equal(operation(apps, '/apis/apps/v1/deployments', 'get').operationId, 'listAppsV1DeploymentForAllNamespaces');
    assert.equal(operation(apps, '/apis/apps/v1/namespaces/{namespace}/deployments', 'delete').operationId, 'deleteAppsV1CollectionNamespacedDeployment');
    const scale = operation(apps, '/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale', 'patch');
    assert.equal(scale.operationId, 'patchAppsV1NamespacedDeploymentScale');
    assert.deepEqual(scale['x-kubernetes-group-version-kind'], { group: 'autoscaling', kind: 'Scale', version: 'v1' });
    const status = operation(apps, '/apis/apps/v1/namespaces/{namespace}/deployments/{name}/status', 'put');
    assert.equal(status.operationId, 'replaceAppsV1NamespacedDeploymentStatus');

    const core = documentFor('', 'v1');
    assert.equal(operation(core, '/api/v1/namespaces/{namespace}/pods/{name}/exec', 'post').operationId, 'connectPostCoreV1NamespacedPodExec');
    assert.equal(operation(core, '/api/v1/namespaces/{namespace}/pods/{name}/eviction', 'post').operationId, 'createCoreV1NamespacedPodEviction');
    assert.equal(operation(core, '/api/v1/namespaces/{namespace}/pods/{name}/log', 'get').operationId, 'readCoreV1NamespacedPodLog');
    assert.equal(operation(core, '/api/v1/nodes/{name}', 'get').operationId, 'readCoreV1Node');

    const rbac = documentFor('rbac.authorization.k8s.io', 'v1');
    assert.equal(operation(rbac, '/apis/rbac.authorization.k8s.io/v1/clusterroles/{name}', 'patch').operationId, 'patchRbacAuthorizationV1ClusterRole');

    const policy = documentFor('policy.karmada.io', 'v1alpha1');
    const pp = operation(policy, '/apis/policy.karmada.io/v1alpha1/namespaces/{namespace}/propagationpolicies/{name}', 'patch');
    assert.equal(pp.operationId, 'patchPolicyKarmadaIoV1alpha1NamespacedPropagationPolicy');
    assert.deepEqual(Object.keys(pp.responses['200']?.content ?? {}), ['application/json', 'application/yaml']);
  });

  it('create-only review resources expose only POST', () => {
    const document = documentFor('authorization.k8s.io', 'v1');
    const item = document.paths['/apis/authorization.k8s.io/v1/selfsubjectaccessreviews'];
    assert.deepEqual(Object.keys(item ?? {}).filter((key) => key !== 'parameters'), ['post']);
    assert.equal(document.paths['/apis/authorization.k8s.io/v1/selfsubjectaccessreviews/{name}'], undefined);
  });

  it('publishes kind, list and referenced schemas with schema-level GVK arrays', () => {
    const schemas = documentFor('apps', 'v1').components.schemas;
    assert.deepEqual(schemas['io.k8s.api.apps.v1.Deployment']?.['x-kubernetes-group-version-kind'], [{ group: 'apps', kind: 'Deployment', version: 'v1' }]);
    assert.deepEqual(schemas['io.k8s.api.apps.v1.DeploymentList']?.['x-kubernetes-group-version-kind'], [{ group: 'apps', kind: 'DeploymentList', version: 'v1' }]);
    assert.deepEqual(schemas['io.k8s.api.autoscaling.v1.Scale']?.['x-kubernetes-group-version-kind'], [{ group: 'autoscaling', kind: 'Scale', version: 'v1' }]);
    assert.ok(schemas['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta']);
    assert.ok(schemas['io.k8s.apimachinery.pkg.apis.meta.v1.Patch']);
    // Every $ref resolves.
    const refs = JSON.stringify(documentFor('', 'v1')).match(/#\/components\/schemas\/[^"]+/g) ?? [];
    const coreSchemas = documentFor('', 'v1').components.schemas;
    for (const ref of new Set(refs)) assert.ok(coreSchemas[ref.slice('#/components/schemas/'.length)], ref);
  });

  it('names definitions like kube-apiserver', () => {
    const cases: readonly [GroupVersionKind, string][] = [
      [{ group: '', version: 'v1', kind: 'Pod' }, 'io.k8s.api.core.v1.Pod'],
      [{ group: 'apps', version: 'v1', kind: 'Deployment' }, 'io.k8s.api.apps.v1.Deployment'],
      [{ group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'Role' }, 'io.k8s.api.rbac.v1.Role'],
      [{ group: 'apiextensions.k8s.io', version: 'v1', kind: 'CustomResourceDefinition' }, 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition'],
      [{ group: 'policy.karmada.io', version: 'v1alpha1', kind: 'PropagationPolicy' }, 'io.karmada.policy.v1alpha1.PropagationPolicy'],
      [{ group: 'multicluster.x-k8s.io', version: 'v1alpha1', kind: 'ServiceExport' }, 'io.x-k8s.multicluster.v1alpha1.ServiceExport'],
    ];
    for (const [gvk, expected] of cases) assert.equal(definitionName(gvk), expected);
  });
});

describe('schemas from CRDs and the schema hook', () => {
  const widget: ResourceInfo = {
    group: 'example.com', version: 'v1', kind: 'Widget', resource: 'widgets', singular: 'widget',
    listKind: 'WidgetList', namespaced: true, builtin: false,
  };

  it('publishes a CRD openAPIV3Schema with metadata pointing at ObjectMeta', () => {
    const local = new ResourceCatalog();
    local.add(widget, {
      openAPIV3Schema: {
        type: 'object',
        description: 'A widget.',
        properties: { metadata: { type: 'object' }, spec: { type: 'object', properties: { size: { type: 'integer' } } } },
      },
    });
    const schema = documentFor('example.com', 'v1', local).components.schemas['com.example.v1.Widget'];
    assert.equal(schema?.['description'], 'A widget.');
    const properties = schema?.['properties'] as Record<string, Record<string, unknown>> | undefined;
    assert.deepEqual(properties?.['spec'], { type: 'object', properties: { size: { type: 'integer' } } });
    assert.deepEqual(properties?.['metadata']?.['allOf'], [{ $ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' }]);
    assert.deepEqual(schema?.['x-kubernetes-group-version-kind'], [{ group: 'example.com', kind: 'Widget', version: 'v1' }]);
  });

  it('lets a schemaForKind hook replace the default', () => {
    const document = buildGroupVersionDocument(catalog, 'apps', 'v1', {
      schemaForKind: (gvk) => (gvk.kind === 'Deployment' ? { type: 'object', description: 'generated' } : undefined),
    });
    assert.equal(document?.components.schemas['io.k8s.api.apps.v1.Deployment']?.['description'], 'generated');
    assert.ok(document?.components.schemas['io.k8s.api.apps.v1.ReplicaSet']?.['x-kubernetes-group-version-kind']);
  });
});

describe('OpenAPIV3Documents', () => {
  it('links every served group/version from the root with its content hash', () => {
    const documents = new OpenAPIV3Documents(catalog);
    const root = JSON.parse(documents.root().json) as OpenAPIV3Root;
    for (const key of ['api/v1', 'apis/apps/v1', 'apis/autoscaling/v2', 'apis/autoscaling/v1', 'apis/policy.karmada.io/v1alpha1', 'apis/work.karmada.io/v1alpha2']) {
      const entry = root.paths[key];
      assert.ok(entry, key);
      assert.equal(entry.serverRelativeURL, `/openapi/v3/${key}?hash=${documents.document(key)?.hash}`);
    }
    assert.match(root.paths['api/v1']?.serverRelativeURL ?? '', /^\/openapi\/v3\/api\/v1\?hash=[0-9A-F]{128}$/);
  });

  it('caches per generation and changes hashes when the catalog changes', () => {
    const local = ResourceCatalog.withDefaults();
    const documents = new OpenAPIV3Documents(local);
    const before = documents.document('apis/apps/v1');
    assert.equal(documents.document('/openapi/v3/apis/apps/v1'), before);
    const deployments = local.get('apps', 'v1', 'deployments');
    assert.ok(deployments);
    local.add({ ...deployments, shortNames: ['dep'] });
    const after = documents.document('apis/apps/v1');
    assert.notEqual(after, before);
    // Short names do not appear in OpenAPI, so the content (and hash) is unchanged.
    assert.equal(after?.hash, before?.hash);
    local.add({
      group: 'apps', version: 'v1', kind: 'Gizmo', resource: 'gizmos', singular: 'gizmo', listKind: 'GizmoList',
      namespaced: true, builtin: false,
    });
    assert.notEqual(documents.document('apis/apps/v1')?.hash, before?.hash);
  });

  it('serves, redirects stale hashes and 404s unknown paths', () => {
    const documents = new OpenAPIV3Documents(catalog);
    const current = documents.document('apis/apps/v1');
    const fresh = documents.serve('/openapi/v3/apis/apps/v1', current?.hash);
    assert.equal(fresh.status, 200);
    assert.equal(fresh.status === 200 && fresh.cacheControl, 'public, immutable');
    assert.deepEqual(documents.serve('apis/apps/v1', 'STALE'), { status: 301, location: `/openapi/v3/apis/apps/v1?hash=${current?.hash}` });
    assert.deepEqual(documents.serve('apis/nope.example.com/v1'), { status: 404 });
    assert.deepEqual(documents.serve('apis/apps'), { status: 404 });
    assert.equal(documents.serve('').status, 200);
  });

  it('maps root keys to group/versions', () => {
    assert.equal(openAPIPathOf('', 'v1'), 'api/v1');
    assert.equal(openAPIPathOf('apps', 'v1'), 'apis/apps/v1');
    assert.deepEqual(parseOpenAPIPath('apis/policy.karmada.io/v1alpha1'), { group: 'policy.karmada.io', version: 'v1alpha1' });
    assert.deepEqual(parseOpenAPIPath('/openapi/v3/api/v1'), { group: '', version: 'v1' });
    assert.equal(parseOpenAPIPath('version'), undefined);
  });
});
