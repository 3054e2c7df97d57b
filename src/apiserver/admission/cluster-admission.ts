/**
 * Cluster admission, as karmada-aggregated-apiserver's Cluster strategy does it: mutation
 * (taint times, zone to zones, resource models) and ValidateCluster, on create and update. The
 * CRD-style schema check runs here too, since Cluster is not a CRD and has no other structural
 * validation.
 */
import type { KubeObject } from '../../api/object.js';
import { isPlainObject } from '../../api/object.js';
import { validateAgainstSchema } from '../crd/crd-validator.js';
import type { JsonSchema } from '../crd/structural-schema.js';
import type { FieldError, FieldErrorType } from '../validation/field-error.js';
import { listAt } from '../validation/json-access.js';
import type { KarmadaAdmissionRule } from './admission-plugin.js';
import { defaultResourceModels, mutateCluster, standardizeResourceModels, validateCluster } from './cluster-rules.js';

export interface ClusterAdmissionOptions {
  readonly now?: () => Date;
  /**
   * Karmada's CustomizedClusterResourceModeling feature (beta, on by default): a Cluster created
   * without resource models gets the default grades.
   */
  readonly defaultResourceModels?: boolean;
  /** The Cluster openAPIV3Schema (looked up per write); when there is one, objects are also checked against it. */
  readonly schema?: () => JsonSchema | undefined;
}

const SCHEMA_ERROR_TYPES: ReadonlySet<string> = new Set(['FieldValueRequired', 'FieldValueNotSupported', 'FieldValueInvalid']);

function specOf(cluster: KubeObject): Record<string, unknown> {
  const spec = cluster['spec'];
  if (isPlainObject(spec)) return spec;
  const created: Record<string, unknown> = {};
  cluster['spec'] = created;
  return created;
}

/** The Cluster rules. */
export function clusterAdmission(options: ClusterAdmissionOptions = {}): KarmadaAdmissionRule {
  const now = options.now ?? (() => new Date());
  return {
    name: 'Cluster',
    resources: ['cluster.karmada.io/clusters'],
    mutate(cluster, ctx) {
      const spec = specOf(cluster);
      mutateCluster(spec, now);
      const models = listAt(spec, 'resourceModels');
      if (models.length > 0) {
        standardizeResourceModels(models);
        spec['resourceModels'] = models;
      } else if (ctx.operation === 'CREATE' && options.defaultResourceModels !== false) {
        spec['resourceModels'] = defaultResourceModels();
      }
    },
    validate(cluster) {
      const errors: FieldError[] = [];
      const schema = options.schema?.();
      if (schema !== undefined) {
        for (const e of validateAgainstSchema(cluster, schema)) {
          // The CRD validator words errors fully: its text is the whole message.
          errors.push({ type: SCHEMA_ERROR_TYPES.has(e.type) ? (e.type as FieldErrorType) : 'FieldValueInvalid', field: e.field, message: e.detail, detail: '' });
        }
      }
      // A field the schema already refused (an enum, a required value) is not reported twice.
      const reported = new Set(errors.map((e) => e.field));
      const own = validateCluster(cluster.metadata.name ?? '', isPlainObject(cluster['spec']) ? cluster['spec'] : undefined);
      errors.push(...own.filter((e) => !reported.has(e.field)));
      return errors;
    },
  };
}
