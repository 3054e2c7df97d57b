/** A Deployment builder for the apply tests. */
import type { KubeObject } from '../../../api/object.js';
import { builtinKindType } from '../builtin-types.js';
import type { FieldType } from '../field-type.js';

export interface ContainerSpec {
  readonly name: string;
  readonly image?: string;
  readonly env?: readonly { name: string; value: string }[];
  readonly ports?: readonly { containerPort: number; protocol?: string }[];
}

/** apps/v1 Deployment `web` in `default` with the given spec fields. */
export function deployment(spec: { replicas?: number; labels?: Record<string, string>; containers?: readonly ContainerSpec[] } = {}): KubeObject {
  const out: KubeObject = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' } };
  if (spec.labels !== undefined) out.metadata.labels = { ...spec.labels };
  const body: Record<string, unknown> = {};
  if (spec.replicas !== undefined) body['replicas'] = spec.replicas;
  if (spec.containers !== undefined) {
    body['template'] = { spec: { containers: spec.containers.map((c) => structuredClone({ ...c })) } };
  }
  out['spec'] = body;
  return out;
}

export function deploymentType(): FieldType {
  const type = builtinKindType('apps', 'v1', 'Deployment');
  if (type === undefined) throw new Error('apps/v1 Deployment is not in the schema tables');
  return type;
}
