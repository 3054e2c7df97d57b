/**
 * validateBuiltin: kube-apiserver's create/update validation for built-in kinds, by
 * group/kind. Kinds without specific rules (custom resources, Karmada kinds) get the
 * ObjectMeta rules with DNS-subdomain names. Returns field errors; format them with
 * invalidMessage/invalidError from field-error.ts.
 */
import type { KubeObject } from '../../api/object.js';
import {
  nameIsDNS1035Label,
  nameIsDNSLabel,
  nameIsDNSSubdomain,
  nameIsPathSegment,
  type NameValidator,
} from '../../api/selectors/name-rules.js';
import { validateConfigMapData, validateImmutableData, validateSecretData, validateSecretTypeUpdate } from './config.js';
import { forbidden, invalid, type FieldError } from './field-error.js';
import { jsonEqual, objectAt, type Json } from './json-access.js';
import { validateObjectMeta, validateObjectMetaUpdate } from './object-meta.js';
import { validatePodSpec } from './pod-spec.js';
import { validateServiceSpec, validateServiceUpdate } from './service.js';
import {
  validateCronJobSpec,
  validateDaemonSetSpec,
  validateDeploymentSpec,
  validateJobSpec,
  validateJobUpdate,
  validateReplicaSetSpec,
  validateSelectorUpdate,
  validateStatefulSetSpec,
  validateStatefulSetUpdate,
} from './workloads.js';

/** What validateBuiltin needs to know about the object's type. */
export interface ValidationTarget {
  readonly group: string;
  readonly kind: string;
  /** Whether the resource is namespaced; defaults from the built-in table, else true. */
  readonly namespaced?: boolean;
}

interface KindRules {
  readonly name: NameValidator;
  readonly namespaced: boolean;
  create?(object: Json): FieldError[];
  update?(object: Json, old: Json): FieldError[];
}

function spec(object: Json): Json {
  return objectAt(object, 'spec') ?? {};
}

const POD_UPDATE_FORBIDDEN =
  'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';

const subdomain = { name: nameIsDNSSubdomain, namespaced: true } as const;
const rbac = { name: nameIsPathSegment } as const;

const rules: Readonly<Record<string, KindRules>> = {
  '/Pod': {
    ...subdomain,
    create: (o) => validatePodSpec(spec(o), 'spec'),
    update: (o, old) => {
      // Only images, activeDeadlineSeconds, tolerations and terminationGracePeriodSeconds may change.
      const strip = (s: Json): Json => {
        const copy = structuredClone(s);
        delete copy['activeDeadlineSeconds'];
        delete copy['tolerations'];
        delete copy['terminationGracePeriodSeconds'];
        for (const key of ['containers', 'initContainers']) {
          const list = copy[key];
          if (Array.isArray(list)) {
            for (const c of list) {
              if (typeof c === 'object' && c !== null) {
                delete (c as Json)['image'];
              }
            }
          }
        }
        return copy;
      };
      if (!jsonEqual(strip(spec(o)), strip(spec(old)))) {
        return [forbidden('spec', POD_UPDATE_FORBIDDEN)];
      }
      return [];
    },
  },
  '/Service': {
    name: nameIsDNS1035Label,
    namespaced: true,
    create: (o) => validateServiceSpec(spec(o)),
    update: (o, old) => [...validateServiceUpdate(spec(o), spec(old)), ...validateServiceSpec(spec(o))],
  },
  '/Namespace': { name: nameIsDNSLabel, namespaced: false },
  '/ConfigMap': {
    ...subdomain,
    create: validateConfigMapData,
    update: (o, old) => [...validateImmutableData(o, old, ['data', 'binaryData']), ...validateConfigMapData(o)],
  },
  '/Secret': {
    ...subdomain,
    create: validateSecretData,
    update: (o, old) => [...validateSecretTypeUpdate(o, old), ...validateImmutableData(o, old, ['data']), ...validateSecretData(o)],
  },
  '/ServiceAccount': subdomain,
  '/Endpoints': subdomain,
  '/Event': subdomain,
  '/PersistentVolumeClaim': subdomain,
  '/PersistentVolume': { name: nameIsDNSSubdomain, namespaced: false },
  '/Node': { name: nameIsDNSSubdomain, namespaced: false },
  '/ReplicationController': subdomain,
  '/PodTemplate': subdomain,
  '/LimitRange': subdomain,
  '/ResourceQuota': subdomain,
  'apps/Deployment': {
    ...subdomain,
    create: (o) => validateDeploymentSpec(spec(o)),
    update: (o, old) => [...validateDeploymentSpec(spec(o)), ...validateSelectorUpdate(spec(o), spec(old))],
  },
  'apps/ReplicaSet': {
    ...subdomain,
    create: (o) => validateReplicaSetSpec(spec(o)),
    update: (o, old) => [...validateReplicaSetSpec(spec(o)), ...validateSelectorUpdate(spec(o), spec(old))],
  },
  'apps/StatefulSet': {
    name: nameIsDNSLabel,
    namespaced: true,
    create: (o) => validateStatefulSetSpec(spec(o)),
    update: (o, old) => [...validateStatefulSetSpec(spec(o)), ...validateStatefulSetUpdate(spec(o), spec(old))],
  },
  'apps/DaemonSet': {
    ...subdomain,
    create: (o) => validateDaemonSetSpec(spec(o)),
    update: (o, old) => [...validateDaemonSetSpec(spec(o)), ...validateSelectorUpdate(spec(o), spec(old))],
  },
  'apps/ControllerRevision': subdomain,
  'batch/Job': {
    ...subdomain,
    create: (o) => validateJobSpec(spec(o)),
    update: (o, old) => [...validateJobSpec(spec(o)), ...validateJobUpdate(spec(o), spec(old))],
  },
  'batch/CronJob': {
    ...subdomain,
    create: (o) => {
      const errs = validateCronJobSpec(spec(o));
      const name = typeof o['metadata'] === 'object' && o['metadata'] !== null ? (o['metadata'] as Json)['name'] : undefined;
      if (typeof name === 'string' && name.length > 52) {
        // The controller appends an 11-character suffix to job names, which must stay within 63.
        errs.push(invalid('metadata.name', name, 'must be no more than 52 characters'));
      }
      return errs;
    },
    update: (o) => validateCronJobSpec(spec(o)),
  },
  'rbac.authorization.k8s.io/Role': { ...rbac, namespaced: true },
  'rbac.authorization.k8s.io/RoleBinding': { ...rbac, namespaced: true },
  'rbac.authorization.k8s.io/ClusterRole': { ...rbac, namespaced: false },
  'rbac.authorization.k8s.io/ClusterRoleBinding': { ...rbac, namespaced: false },
  'networking.k8s.io/Ingress': subdomain,
  'networking.k8s.io/IngressClass': { name: nameIsDNSSubdomain, namespaced: false },
  'networking.k8s.io/NetworkPolicy': subdomain,
  'autoscaling/HorizontalPodAutoscaler': subdomain,
  'policy/PodDisruptionBudget': subdomain,
  'coordination.k8s.io/Lease': subdomain,
  'discovery.k8s.io/EndpointSlice': subdomain,
  'storage.k8s.io/StorageClass': { name: nameIsDNSSubdomain, namespaced: false },
  'scheduling.k8s.io/PriorityClass': { name: nameIsDNSSubdomain, namespaced: false },
  'apiextensions.k8s.io/CustomResourceDefinition': { name: nameIsDNSSubdomain, namespaced: false },
};

/** The name rule kube-apiserver applies to the kind (DNS subdomain unless the kind says otherwise). */
export function nameValidatorFor(group: string, kind: string): NameValidator {
  return rules[`${group}/${kind}`]?.name ?? nameIsDNSSubdomain;
}

/**
 * Validates a create (no `old`) or an update. On create the name rule, namespace presence,
 * labels, annotations and the kind's spec rules apply; on update the identity fields must be
 * unchanged and the kind's update rules (immutable fields) apply too.
 */
export function validateBuiltin(target: ValidationTarget, object: KubeObject, old?: KubeObject): FieldError[] {
  const kindRules = rules[`${target.group}/${target.kind}`];
  const namespaced = target.namespaced ?? kindRules?.namespaced ?? true;
  const json = object as unknown as Json;
  if (old === undefined) {
    return [
      ...validateObjectMeta(object.metadata, namespaced, kindRules?.name ?? nameIsDNSSubdomain),
      ...(kindRules?.create?.(json) ?? []),
    ];
  }
  const oldJson = old as unknown as Json;
  return [
    ...validateObjectMetaUpdate(object.metadata, old.metadata),
    ...(kindRules?.update?.(json, oldJson) ?? kindRules?.create?.(json) ?? []),
  ];
}
