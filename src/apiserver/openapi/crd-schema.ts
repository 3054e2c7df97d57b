/**
 * The published OpenAPI schema of apiextensions.k8s.io/v1 CustomResourceDefinition, so that
 * `kubectl explain crd.spec.versions` documents its fields. The Kubernetes protos this project
 * generates built-in schemas from do not cover apiextensions, so the shape (field names and types
 * of the v1 API) is written out here, with short descriptions of our own. It is used for OpenAPI
 * only: CRD objects are validated by the CRD admission code, not pruned by this schema.
 */
import { OBJECT_META, schemaRef } from './definition-names.js';
import type { OpenAPISchema } from './types.js';

type Schema = Record<string, unknown>;

const str = (description: string, extra: Schema = {}): Schema => ({ type: 'string', description, ...extra });
const bool = (description: string): Schema => ({ type: 'boolean', description });
const int = (description: string): Schema => ({ type: 'integer', format: 'int32', description });
const strings = (description: string): Schema => ({ type: 'array', items: { type: 'string', default: '' }, description, 'x-kubernetes-list-type': 'atomic' });
const obj = (description: string, properties: Record<string, Schema>, required: readonly string[] = []): Schema => ({
  type: 'object',
  description,
  properties,
  ...(required.length === 0 ? {} : { required: [...required] }),
});
// kubectl explain prints an item's description after the list's: keep only the list's.
const list = (description: string, item: Schema, extra: Schema = {}): Schema => {
  const { description: _itemDescription, ...rest } = item;
  return { type: 'array', description, items: { ...rest, default: {} }, ...extra };
};

const names = (description: string): Schema =>
  obj(
    description,
    {
      plural: str(
        'The plural, lower-case name of the resource, served at /apis/<group>/<version>/.../<plural>. Must match the name of the CustomResourceDefinition (<plural>.<group>).',
      ),
      singular: str('The singular, lower-case name of the resource. Defaults to the lower-cased kind.'),
      shortNames: strings('Short names for the resource, accepted by kubectl (e.g. `kubectl get <shortname>`).'),
      kind: str('The serialized kind of the resource, normally CamelCase and singular.'),
      listKind: str('The serialized kind of the list of this resource. Defaults to "<kind>List".'),
      categories: strings('Grouped resources this resource belongs to (e.g. "all"), used by `kubectl get <category>`.'),
    },
    ['plural', 'kind'],
  );

const condition = obj(
  'One observed condition of the CustomResourceDefinition.',
  {
    type: str('Type of the condition: Established, NamesAccepted, NonStructuralSchema, Terminating or KubernetesAPIApprovalPolicyConformant.'),
    status: str('Status of the condition: True, False or Unknown.'),
    lastTransitionTime: str('The last time the condition changed from one status to another.', { format: 'date-time' }),
    reason: str('A unique, one-word, CamelCase reason for the last transition.'),
    message: str('A human-readable message about the last transition.'),
    observedGeneration: { type: 'integer', format: 'int64', description: 'The metadata.generation the condition was set for.' },
  },
  ['type', 'status'],
);

const webhookClientConfig = obj('How to reach the conversion webhook: a URL, or a Service in the cluster.', {
  url: str('Location of the webhook as https://host:port/path. Exactly one of url or service must be set.'),
  service: obj(
    'A reference to the Service of the webhook.',
    {
      namespace: str('The namespace of the service.'),
      name: str('The name of the service.'),
      path: str('An optional URL path sent in any request to the service.'),
      port: int('The port on the service hosting the webhook. Defaults to 443.'),
    },
    ['namespace', 'name'],
  ),
  caBundle: str("A PEM-encoded CA bundle used to validate the webhook's serving certificate.", { format: 'byte' }),
});

const version = obj(
  'One version of the custom resource.',
  {
    name: str('The version name, e.g. "v1" or "v2beta1", served under /apis/<group>/<version>/...'),
    served: bool('Whether this version is served by the REST API.'),
    storage: bool('Whether objects are persisted in this version. Exactly one version must be the storage version.'),
    deprecated: bool('Whether this version is deprecated; requests to it get a warning header.'),
    deprecationWarning: str('Overrides the default warning returned to clients of a deprecated version.'),
    schema: obj('The schema used for validation, pruning and defaulting of this version.', {
      openAPIV3Schema: {
        type: 'object',
        description: 'The OpenAPI v3 (JSON Schema) structural schema of the custom resource.',
        'x-kubernetes-preserve-unknown-fields': true,
      },
    }),
    subresources: obj('The subresources this version serves.', {
      status: {
        type: 'object',
        description: 'Enables the /status subresource: the main resource ignores status changes and /status ignores everything but status.',
        'x-kubernetes-preserve-unknown-fields': true,
      },
      scale: obj(
        'Enables the /scale subresource (an autoscaling/v1 Scale).',
        {
          specReplicasPath: str('JSON path inside the custom resource for Scale spec.replicas, e.g. .spec.replicas.'),
          statusReplicasPath: str('JSON path inside the custom resource for Scale status.replicas, e.g. .status.replicas.'),
          labelSelectorPath: str('JSON path inside the custom resource for Scale status.selector (a serialized label selector).'),
        },
        ['specReplicasPath', 'statusReplicasPath'],
      ),
    }),
    additionalPrinterColumns: list(
      'Extra columns of table output (`kubectl get`). Without any, a single Age column is shown.',
      obj(
        'One printer column.',
        {
          name: str('A human-readable name for the column.'),
          type: str('An OpenAPI type: integer, number, string, boolean or date.'),
          format: str('An optional OpenAPI format for the column, e.g. int32 or date-time.'),
          description: str('A human-readable description of the column.'),
          priority: int('0 shows the column in standard views; greater values only in wide views.'),
          jsonPath: str('A simple JSON path (array notation included) evaluated against each object to produce the value.'),
        },
        ['name', 'type', 'jsonPath'],
      ),
      { 'x-kubernetes-list-type': 'atomic' },
    ),
    selectableFields: list(
      'Paths to fields usable as field selectors (at most 8).',
      obj('One selectable field.', { jsonPath: str('A simple JSON path to a string, boolean or integer field.') }, ['jsonPath']),
      { 'x-kubernetes-list-type': 'atomic' },
    ),
  },
  ['name', 'served', 'storage'],
);

const spec = obj(
  'The desired state of the CustomResourceDefinition: the group, names, scope and versions of the custom resource.',
  {
    group: str('The API group of the custom resource, served under /apis/<group>/... Must match the name of the CustomResourceDefinition (<plural>.<group>).'),
    names: names('The resource and kind names of the custom resource.'),
    scope: str('Whether the custom resource is cluster-scoped or namespace-scoped: Cluster or Namespaced.'),
    versions: list('The versions of the custom resource; served versions are listed by discovery in their priority order.', version, {
      'x-kubernetes-list-type': 'atomic',
    }),
    conversion: obj(
      'How objects are converted between versions.',
      {
        strategy: str('None (only apiVersion changes) or Webhook (a conversion webhook is called).'),
        webhook: obj('The conversion webhook, when strategy is Webhook.', {
          clientConfig: webhookClientConfig,
          conversionReviewVersions: strings('ConversionReview versions the webhook accepts, in order of preference.'),
        }),
      },
      ['strategy'],
    ),
    preserveUnknownFields: bool('Deprecated; must be false in apiextensions.k8s.io/v1. Use x-kubernetes-preserve-unknown-fields in the schema instead.'),
  },
  ['group', 'names', 'scope', 'versions'],
);

const status = obj('The observed state of the CustomResourceDefinition.', {
  conditions: list('The observed conditions.', condition, { 'x-kubernetes-list-map-keys': ['type'], 'x-kubernetes-list-type': 'map' }),
  acceptedNames: names('The names actually served in discovery; they may differ from spec.names when those conflict.'),
  storedVersions: strings(
    'Every version objects of this resource were ever persisted in; removing a version from this list requires migrating its objects first.',
  ),
});

/** The schema kube-apiserver would publish for apiextensions.k8s.io/v1 CustomResourceDefinition. */
export function customResourceDefinitionSchema(): OpenAPISchema {
  return {
    description:
      'CustomResourceDefinition represents a resource that should be exposed on the API server. Its name must be in the format <.spec.name>.<.spec.group>.',
    type: 'object',
    required: ['spec'],
    properties: {
      apiVersion: str('APIVersion defines the versioned schema of this representation of an object.'),
      kind: str('Kind is a string value representing the REST resource this object represents.'),
      metadata: { allOf: [schemaRef(OBJECT_META)], default: {}, description: "Standard object's metadata." },
      spec: { ...spec, default: {} },
      status: { ...status, default: {} },
    },
    'x-kubernetes-group-version-kind': [{ group: 'apiextensions.k8s.io', kind: 'CustomResourceDefinition', version: 'v1' }],
  };
}
