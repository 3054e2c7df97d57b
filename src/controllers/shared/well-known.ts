/**
 * Karmada's well-known labels, annotations and finalizers (`pkg/apis/policy/v1alpha1/well_known_constants.go`,
 * `pkg/apis/work/v1alpha2/well_known_constants.go`, `pkg/util/constants.go`). The strings are wire
 * contract: tools and users select on them.
 */

/** Claim label on templates and bindings: the claiming PropagationPolicy's permanent id. */
export const PP_PERMANENT_ID_LABEL = 'propagationpolicy.karmada.io/permanent-id';
/** Claim label: the claiming ClusterPropagationPolicy's permanent id. */
export const CPP_PERMANENT_ID_LABEL = 'clusterpropagationpolicy.karmada.io/permanent-id';
/** Claim annotation: the claiming PropagationPolicy's namespace. */
export const PP_NAMESPACE_ANNOTATION = 'propagationpolicy.karmada.io/namespace';
/** Claim annotation: the claiming PropagationPolicy's name. */
export const PP_NAME_ANNOTATION = 'propagationpolicy.karmada.io/name';
/** Claim annotation: the claiming ClusterPropagationPolicy's name. */
export const CPP_NAME_ANNOTATION = 'clusterpropagationpolicy.karmada.io/name';
/** On a Namespace, `true` keeps the namespace sync controller from propagating it. */
export const NAMESPACE_SKIP_AUTO_PROPAGATION_LABEL = 'namespace.karmada.io/skip-auto-propagation';

/** Permanent id of a ResourceBinding (also on its Works). */
export const RB_PERMANENT_ID_LABEL = 'resourcebinding.karmada.io/permanent-id';
/** Permanent id of a ClusterResourceBinding (also on its Works). */
export const CRB_PERMANENT_ID_LABEL = 'clusterresourcebinding.karmada.io/permanent-id';
/** Permanent id of a Work (also on the manifests it carries). */
export const WORK_PERMANENT_ID_LABEL = 'work.karmada.io/permanent-id';

/** On Works and manifests: namespace of the ResourceBinding they come from. */
export const RB_NAMESPACE_ANNOTATION = 'resourcebinding.karmada.io/namespace';
/** On Works and manifests: name of the ResourceBinding they come from. */
export const RB_NAME_ANNOTATION = 'resourcebinding.karmada.io/name';
/** On Works and manifests: name of the ClusterResourceBinding they come from. */
export const CRB_NAME_ANNOTATION = 'clusterresourcebinding.karmada.io/name';
/** On member objects: namespace of the Work that applied them. */
export const WORK_NAMESPACE_ANNOTATION = 'work.karmada.io/namespace';
/** On member objects: name of the Work that applied them. */
export const WORK_NAME_ANNOTATION = 'work.karmada.io/name';

/** `overwrite` or `abort`: what to do with a pre-existing member object not created by Karmada. */
export const CONFLICT_RESOLUTION_ANNOTATION = 'work.karmada.io/conflict-resolution';
export const CONFLICT_RESOLUTION_OVERWRITE = 'overwrite';
export const CONFLICT_RESOLUTION_ABORT = 'abort';

/** On manifests: uid of the resource template. */
export const RESOURCE_TEMPLATE_UID_ANNOTATION = 'resourcetemplate.karmada.io/uid';
/** On manifests: the template generation the manifest was rendered from. */
export const RESOURCE_TEMPLATE_GENERATION_ANNOTATION = 'resourcetemplate.karmada.io/generation';
/** On manifests: sorted label keys Karmada manages (so deleted ones can be dropped in members). */
export const MANAGED_LABELS_ANNOTATION = 'resourcetemplate.karmada.io/managed-labels';
/** On manifests: sorted annotation keys Karmada manages. */
export const MANAGED_ANNOTATIONS_ANNOTATION = 'resourcetemplate.karmada.io/managed-annotations';
/** `true` on a template: the members own `spec.replicas` (e.g. a member HPA). */
export const RETAIN_REPLICAS_LABEL = 'resourcetemplate.karmada.io/retain-replicas';

/** On member objects: `true` when Karmada manages the object. */
export const MANAGED_BY_KARMADA_LABEL = 'karmada.io/managed';
export const MANAGED_BY_KARMADA_VALUE = 'true';
/** On Works: `suppressed` keeps the execution controller away. */
export const PROPAGATION_INSTRUCTION_LABEL = 'propagation.karmada.io/instruction';

/** On bindings: the placement the last successful scheduling used (JSON). */
export const POLICY_PLACEMENT_ANNOTATION = 'policy.karmada.io/applied-placement';
/** On Works: OverridePolicies applied (JSON, sorted by policy name). */
export const APPLIED_OVERRIDES_ANNOTATION = 'policy.karmada.io/applied-overrides';
/** On Works: ClusterOverridePolicies applied (JSON, sorted by policy name). */
export const APPLIED_CLUSTER_OVERRIDES_ANNOTATION = 'policy.karmada.io/applied-cluster-overrides';

/** On attached bindings: `<prefix><hash of the independent binding>`. */
export const BINDING_DEPENDED_BY_LABEL_PREFIX = 'resourcebinding.karmada.io/depended-by-';
/** On independent bindings: their dependencies (JSON list). */
export const BINDING_DEPENDENCIES_ANNOTATION = 'resourcebinding.karmada.io/dependencies';

/** Work finalizer: member objects are removed before the Work goes. */
export const EXECUTION_CONTROLLER_FINALIZER = 'karmada.io/execution-controller';
/** ResourceBinding finalizer: Works are removed before the binding goes. */
export const BINDING_CONTROLLER_FINALIZER = 'karmada.io/binding-controller';
/** ClusterResourceBinding finalizer. */
export const CRB_CONTROLLER_FINALIZER = 'karmada.io/cluster-resource-binding-controller';
/** PropagationPolicy finalizer: claims are released before the policy goes. */
export const PP_CONTROLLER_FINALIZER = 'karmada.io/propagation-policy-controller';
/** ClusterPropagationPolicy finalizer. */
export const CPP_CONTROLLER_FINALIZER = 'karmada.io/cluster-propagation-policy-controller';
