/** apimachinery meta/v1 schemas every group/version document references. */
import { DELETE_OPTIONS, LIST_META, OBJECT_META, PATCH, STATUS, schemaRef } from './definition-names.js';
import type { OpenAPISchema } from './types.js';

const STRING = { type: 'string' } as const;
const DATE_TIME = { type: 'string', format: 'date-time' } as const;
const STRING_MAP = { type: 'object', additionalProperties: { type: 'string', default: '' } } as const;

const OWNER_REFERENCE: OpenAPISchema = {
  type: 'object',
  required: ['apiVersion', 'kind', 'name', 'uid'],
  properties: {
    apiVersion: STRING,
    kind: STRING,
    name: STRING,
    uid: STRING,
    controller: { type: 'boolean' },
    blockOwnerDeletion: { type: 'boolean' },
  },
  'x-kubernetes-map-type': 'atomic',
};

/** Schemas shared by all documents, keyed by definition name. */
export const COMMON_SCHEMAS: Readonly<Record<string, OpenAPISchema>> = {
  [OBJECT_META]: {
    description: 'ObjectMeta is metadata that all persisted resources must have, which includes all objects users must create.',
    type: 'object',
    properties: {
      annotations: STRING_MAP,
      creationTimestamp: DATE_TIME,
      deletionGracePeriodSeconds: { type: 'integer', format: 'int64' },
      deletionTimestamp: DATE_TIME,
      finalizers: { type: 'array', items: { type: 'string', default: '' }, 'x-kubernetes-list-type': 'set', 'x-kubernetes-patch-strategy': 'merge' },
      generateName: STRING,
      generation: { type: 'integer', format: 'int64' },
      labels: STRING_MAP,
      managedFields: { type: 'array', items: { type: 'object' }, 'x-kubernetes-list-type': 'atomic' },
      name: STRING,
      namespace: STRING,
      ownerReferences: {
        type: 'array',
        items: OWNER_REFERENCE,
        'x-kubernetes-list-map-keys': ['uid'],
        'x-kubernetes-list-type': 'map',
        'x-kubernetes-patch-merge-key': 'uid',
        'x-kubernetes-patch-strategy': 'merge',
      },
      resourceVersion: STRING,
      selfLink: STRING,
      uid: STRING,
    },
  },
  [LIST_META]: {
    description: 'ListMeta describes metadata that synthetic resources must have, including lists and various status objects.',
    type: 'object',
    properties: { continue: STRING, remainingItemCount: { type: 'integer', format: 'int64' }, resourceVersion: STRING, selfLink: STRING },
  },
  [STATUS]: {
    description: 'Status is a return value for calls that don\'t return other objects.',
    type: 'object',
    properties: {
      apiVersion: STRING,
      code: { type: 'integer', format: 'int32' },
      details: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
      kind: STRING,
      message: STRING,
      metadata: { allOf: [schemaRef(LIST_META)], default: {} },
      reason: STRING,
      status: STRING,
    },
    'x-kubernetes-group-version-kind': [{ group: '', kind: 'Status', version: 'v1' }],
  },
  [DELETE_OPTIONS]: {
    description: 'DeleteOptions may be provided when deleting an API object.',
    type: 'object',
    properties: {
      apiVersion: STRING,
      dryRun: { type: 'array', items: { type: 'string', default: '' }, 'x-kubernetes-list-type': 'atomic' },
      gracePeriodSeconds: { type: 'integer', format: 'int64' },
      kind: STRING,
      orphanDependents: { type: 'boolean' },
      preconditions: { type: 'object', properties: { resourceVersion: STRING, uid: STRING } },
      propagationPolicy: STRING,
    },
  },
  [PATCH]: {
    description: 'Patch is provided to give a concrete name and type to the Kubernetes PATCH request body.',
    type: 'object',
  },
};
