/**
 * The `ResourceInterpreterContext` (config.karmada.io/v1alpha1) exchanged with interpreter
 * webhooks (`customized/webhook/request/resourceinterpretercontext.go`): the request Karmada
 * sends for one operation and the checks it applies to the answer.
 */
import type { InterpreterOperation } from '../../api/config/interpreter-operation.js';
import { isPlainObject, type KubeObject } from '../../api/object.js';
import type { AggregatedStatusItem, Component, DependentObjectReference, ReplicaRequirements } from '../types.js';
import { groupVersionOf } from './rule-matcher.js';

/** The only context version there is. */
export const CONTEXT_VERSION = 'v1alpha1';

/** What one operation is asked about. */
export interface InterpreterAttributes {
  readonly operation: InterpreterOperation;
  /** The template (or, for member-side operations, the member object). */
  readonly object: KubeObject;
  /** Retain only: the object observed in the member cluster. */
  readonly observed?: KubeObject;
  /** ReviseReplica: the replicas to write; 0 for every other operation (as Karmada sends). */
  readonly replicas?: number;
  /** AggregateStatus: the members' statuses. */
  readonly aggregatedStatus?: readonly AggregatedStatusItem[];
}

/** `ResourceInterpreterRequest`. */
export interface ResourceInterpreterRequest {
  uid: string;
  kind: { group: string; version: string; kind: string };
  name: string;
  namespace?: string;
  operation: InterpreterOperation;
  object: KubeObject;
  observedObject?: KubeObject;
  replicas: number;
  aggregatedStatus?: AggregatedStatusItem[];
}

/** `RequestStatus`: why a hook could not answer. */
export interface RequestStatus {
  message?: string;
  code?: number;
}

/** `ResourceInterpreterContext` as sent (a request) and received (a response). */
export interface ResourceInterpreterContext {
  apiVersion: 'config.karmada.io/v1alpha1';
  kind: 'ResourceInterpreterContext';
  request?: ResourceInterpreterRequest;
  response?: unknown;
}

/** What a successful answer carries for the operation asked. */
export interface ResponseAttributes {
  readonly successful: boolean;
  readonly status?: RequestStatus;
  readonly replicas?: number;
  readonly replicaRequirements?: ReplicaRequirements;
  readonly dependencies?: DependentObjectReference[];
  readonly components?: Component[];
  readonly rawStatus?: unknown;
  readonly healthy?: boolean;
  /** Decoded RFC 6902 operations; absent when the hook sent no patch. */
  readonly patch?: unknown[];
}

/** Builds the request for the first context version the hook accepts; throws when it accepts none we know. */
export function createInterpreterContext(versions: readonly string[], uid: string, attributes: InterpreterAttributes): ResourceInterpreterContext {
  if (!versions.includes(CONTEXT_VERSION)) {
    throw new Error('webhook does not accept known ResourceInterpreterContext versions (v1alpha1)');
  }
  const { object } = attributes;
  const { group, version } = groupVersionOf(object.apiVersion ?? '');
  const request: ResourceInterpreterRequest = {
    uid,
    kind: { group, version, kind: object.kind ?? '' },
    name: object.metadata.name ?? '',
    ...(object.metadata.namespace ? { namespace: object.metadata.namespace } : {}),
    operation: attributes.operation,
    object,
    ...(attributes.observed === undefined ? {} : { observedObject: attributes.observed }),
    replicas: attributes.replicas ?? 0,
    ...(attributes.aggregatedStatus === undefined || attributes.aggregatedStatus.length === 0 ? {} : { aggregatedStatus: [...attributes.aggregatedStatus] }),
  };
  return { apiVersion: 'config.karmada.io/v1alpha1', kind: 'ResourceInterpreterContext', request };
}

/** A response that breaks the protocol. */
export class InvalidWebhookResponseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidWebhookResponseError';
  }
}

const invalid = (message: string): InvalidWebhookResponseError => new InvalidWebhookResponseError(message);

/** Checks the answer to request `uid` for `operation` and extracts what the operation needs. */
export function verifyInterpreterContext(uid: string, operation: InterpreterOperation, body: unknown): ResponseAttributes {
  if (!isPlainObject(body)) throw invalid(`unexpected response type ${body === null ? 'null' : typeof body}`);
  const response = body['response'];
  if (response === undefined || response === null) throw invalid('webhook response was absent');
  if (!isPlainObject(response)) throw invalid('webhook response is not an object');
  const got = typeof response['uid'] === 'string' ? response['uid'] : '';
  if (got !== uid) throw invalid(`expected response.uid "${uid}", got "${got}"`);
  if (response['successful'] !== true) {
    const status = response['status'];
    if (!isPlainObject(status)) throw invalid('webhook require response.status when response.successful is false');
    return {
      successful: false,
      status: {
        ...(typeof status['message'] === 'string' ? { message: status['message'] } : {}),
        ...(typeof status['code'] === 'number' ? { code: status['code'] } : {}),
      },
    };
  }
  return successfulAnswer(operation, response);
}

/** The fields a successful answer must carry for `operation`. */
function successfulAnswer(operation: InterpreterOperation, response: Record<string, unknown>): ResponseAttributes {
  switch (operation) {
    case 'InterpretReplica': {
      const replicas = response['replicas'];
      if (replicas === undefined || replicas === null) throw invalid('webhook returned nil response.replicas');
      if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < -(2 ** 31) || replicas >= 2 ** 31) {
        throw invalid(`webhook returned invalid response.replicas ${JSON.stringify(replicas)}`);
      }
      const requirements = response['replicaRequirements'];
      return {
        successful: true,
        replicas,
        ...(isPlainObject(requirements) ? { replicaRequirements: requirements as ReplicaRequirements } : {}),
      };
    }
    case 'InterpretComponent': {
      const components = response['components'];
      return { successful: true, components: Array.isArray(components) ? (components as Component[]) : [] };
    }
    case 'InterpretDependency': {
      const dependencies = Array.isArray(response['dependencies']) ? (response['dependencies'] as unknown[]) : [];
      verifyDependencies(dependencies);
      return { successful: true, dependencies: dependencies as DependentObjectReference[] };
    }
    case 'Prune':
    case 'ReviseReplica':
    case 'Retain':
    case 'AggregateStatus': {
      const patch = decodePatch(response['patch'], response['patchType']);
      return { successful: true, ...(patch === undefined ? {} : { patch }) };
    }
    case 'InterpretStatus': {
      const raw = response['rawStatus'];
      if (raw === undefined || raw === null) throw invalid('webhook returned nill response.rawStatus');
      return { successful: true, rawStatus: raw };
    }
    case 'InterpretHealth': {
      const healthy = response['healthy'];
      if (healthy === undefined || healthy === null) throw invalid('webhook returned nil response.healthy');
      if (typeof healthy !== 'boolean') throw invalid(`webhook returned invalid response.healthy ${JSON.stringify(healthy)}`);
      return { successful: true, healthy };
    }
  }
}

/**
 * The patch of a response. Go sends `[]byte` as base64, so `patch` is a base64 string of the
 * JSON array; a plain JSON array is accepted too. Only `JSONPatch` is allowed.
 */
function decodePatch(patch: unknown, patchType: unknown): unknown[] | undefined {
  const empty = patch === undefined || patch === null || patch === '';
  const typed = patchType !== undefined && patchType !== null;
  if (empty && !typed) return undefined;
  if (!typed) throw invalid('webhook returned nil response.patchType');
  if (empty) throw invalid('webhook returned empty response.patch');
  if (patchType !== 'JSONPatch') throw invalid(`webhook returned invalid response.patchType of "${String(patchType)}"`);
  let decoded: unknown = patch;
  if (typeof patch === 'string') {
    try {
      decoded = JSON.parse(Buffer.from(patch, 'base64').toString('utf8'));
    } catch (error) {
      throw invalid(`webhook returned a patch that is not base64-encoded JSON: ${(error as Error).message}`);
    }
  }
  if (decoded === null) return [];
  if (!Array.isArray(decoded)) throw invalid('webhook returned a patch that is not a JSON array of operations');
  return decoded;
}

/** `validation.VerifyDependencies`: kind and apiVersion set, and a name or a label selector. */
function verifyDependencies(dependencies: readonly unknown[]): void {
  const errors: string[] = [];
  dependencies.forEach((value, i) => {
    const path = `dependencies[${i}]`;
    const d = isPlainObject(value) ? value : {};
    if (typeof d['apiVersion'] !== 'string' || d['apiVersion'] === '') errors.push(`${path}.apiVersion: Invalid value: "": missing required apiVersion`);
    if (typeof d['kind'] !== 'string' || d['kind'] === '') errors.push(`${path}.kind: Invalid value: "": missing required kind`);
    const name = d['name'];
    if ((typeof name !== 'string' || name === '') && !isPlainObject(d['labelSelector'])) {
      errors.push(`${path}: Invalid value: ${JSON.stringify(value)}: dependency can not leave name and labelSelector all empty`);
    }
  });
  if (errors.length === 1) throw invalid(errors[0] ?? '');
  if (errors.length > 1) throw invalid(`[${errors.join(', ')}]`);
}
