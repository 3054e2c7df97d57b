/**
 * Karmada's API kinds, with the names, scopes, short names, categories, subresources and printer
 * columns of Karmada's CRDs (charts/karmada/_crds/bases) and of its aggregated apiservers
 * (Cluster from karmada-aggregated-apiserver, ResourceRegistry from karmada-search).
 *
 * Printer columns are the CRDs' additionalPrinterColumns verbatim (AGE included where Karmada lists
 * it): the Table printer shows Name plus exactly these columns, and Name + Age when there are none.
 */
import type { PrinterColumn, ResourceInfo } from '../resource-info.js';
import { PROXY_VERBS } from './verbs.js';

const KARMADA_CATEGORY = ['karmada-io'] as const;

interface KarmadaResourceSpec {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly resource: string;
  readonly namespaced: boolean;
  readonly shortNames?: readonly string[];
  /** Default: `karmada-io`; pass `[]` for kinds without a category. */
  readonly categories?: readonly string[];
  readonly status?: boolean;
  readonly columns?: readonly PrinterColumn[];
  readonly storageVersion?: string;
  /** Served by a Go aggregated apiserver rather than as a CRD (affects patch types and generation rules). */
  readonly aggregated?: boolean;
  readonly otherSubresources?: ResourceInfo['otherSubresources'];
}

function karmada(spec: KarmadaResourceSpec): ResourceInfo {
  const categories = spec.categories ?? KARMADA_CATEGORY;
  return {
    group: spec.group,
    version: spec.version,
    kind: spec.kind,
    resource: spec.resource,
    singular: spec.kind.toLowerCase(),
    listKind: `${spec.kind}List`,
    namespaced: spec.namespaced,
    builtin: spec.aggregated ?? false,
    ...(spec.shortNames ? { shortNames: spec.shortNames } : {}),
    ...(categories.length > 0 ? { categories } : {}),
    ...(spec.status ? { statusSubresource: true } : {}),
    ...(spec.columns ? { printerColumns: spec.columns } : {}),
    ...(spec.storageVersion ? { storageVersion: spec.storageVersion } : {}),
    ...(spec.otherSubresources ? { otherSubresources: spec.otherSubresources } : {}),
  };
}

/** The `AGE` column Karmada's CRDs declare last. */
const AGE: PrinterColumn = { name: 'AGE', type: 'date', jsonPath: '.metadata.creationTimestamp' };

function column(name: string, jsonPath: string, type = 'string', priority?: number, description?: string): PrinterColumn {
  return {
    name,
    type,
    jsonPath,
    ...(priority !== undefined ? { priority } : {}),
    ...(description !== undefined ? { description } : {}),
  };
}

/** Cluster's table convertor (pkg/printers/internalversion): Name, Version, Mode, Ready, Age, then wide columns. */
const CLUSTER_COLUMNS: readonly PrinterColumn[] = [
  column('Version', '.status.kubernetesVersion', 'string', 0, 'KubernetesVersion represents version of the member cluster.'),
  column('Mode', '.spec.syncMode', 'string', 0, 'SyncMode describes how a cluster sync resources from karmada control plane.'),
  column(
    'Ready',
    '.status.conditions[?(@.type=="Ready")].status',
    'string',
    0,
    'The aggregate readiness state of this cluster for accepting workloads.',
  ),
  column('Age', '.metadata.creationTimestamp', 'date', 0, 'CreationTimestamp is a timestamp representing the server time when this object was created.'),
  column('Zones', '.spec.zones', 'string', 1, 'Zones represents the failure zones of the member cluster.'),
  column('Region', '.spec.region', 'string', 1, 'Region represents the region of the member cluster locate in.'),
  column('Provider', '.spec.provider', 'string', 1, 'Provider represents the cloud provider name of the member cluster.'),
  column('API-Endpoint', '.spec.apiEndpoint', 'string', 1, 'The API endpoint of the member cluster.'),
  column('Proxy-URL', '.spec.proxyURL', 'string', 1, 'ProxyURL is the proxy URL for the cluster.'),
];

const PROPAGATION_POLICY_COLUMNS: readonly PrinterColumn[] = [
  column('CONFLICT-RESOLUTION', '.spec.conflictResolution'),
  column('PRIORITY', '.spec.priority'),
  AGE,
];

const BINDING_COLUMNS: readonly PrinterColumn[] = [
  column('SCHEDULED', '.status.conditions[?(@.type=="Scheduled")].status'),
  column('FULLYAPPLIED', '.status.conditions[?(@.type=="FullyApplied")].status'),
  AGE,
];

const HPA_REFERENCE_COLUMNS: readonly PrinterColumn[] = [
  column('REFERENCE-KIND', '.spec.scaleTargetRef.kind'),
  column('REFERENCE-NAME', '.spec.scaleTargetRef.name'),
];

const CLUSTER_GROUP = 'cluster.karmada.io';
const POLICY_GROUP = 'policy.karmada.io';
const WORK_GROUP = 'work.karmada.io';
const CONFIG_GROUP = 'config.karmada.io';
const AUTOSCALING_GROUP = 'autoscaling.karmada.io';
const NETWORKING_GROUP = 'networking.karmada.io';
const MCS_GROUP = 'multicluster.x-k8s.io';
const APPS_GROUP = 'apps.karmada.io';
const SEARCH_GROUP = 'search.karmada.io';

/** Every Karmada kind the control plane serves. ResourceBinding/ClusterResourceBinding appear once per served version. */
export const KARMADA_RESOURCES: readonly ResourceInfo[] = [
  karmada({
    group: CLUSTER_GROUP, version: 'v1alpha1', kind: 'Cluster', resource: 'clusters', namespaced: false,
    categories: [], status: true, aggregated: true, columns: CLUSTER_COLUMNS,
    otherSubresources: [{ name: 'proxy', kind: 'ClusterProxyOptions', verbs: PROXY_VERBS }],
  }),

  karmada({
    group: POLICY_GROUP, version: 'v1alpha1', kind: 'PropagationPolicy', resource: 'propagationpolicies', namespaced: true,
    shortNames: ['pp'], columns: PROPAGATION_POLICY_COLUMNS,
  }),
  karmada({
    group: POLICY_GROUP, version: 'v1alpha1', kind: 'ClusterPropagationPolicy', resource: 'clusterpropagationpolicies',
    namespaced: false, shortNames: ['cpp'], columns: PROPAGATION_POLICY_COLUMNS,
  }),
  karmada({ group: POLICY_GROUP, version: 'v1alpha1', kind: 'OverridePolicy', resource: 'overridepolicies', namespaced: true, shortNames: ['op'] }),
  karmada({
    group: POLICY_GROUP, version: 'v1alpha1', kind: 'ClusterOverridePolicy', resource: 'clusteroverridepolicies',
    namespaced: false, shortNames: ['cop'],
  }),
  // Karmada lists only OVERALL and OVERALL_USED here, no AGE.
  karmada({
    group: POLICY_GROUP, version: 'v1alpha1', kind: 'FederatedResourceQuota', resource: 'federatedresourcequotas',
    namespaced: true, status: true,
    columns: [column('OVERALL', '.status.overall'), column('OVERALL_USED', '.status.overallUsed')],
  }),
  karmada({
    group: POLICY_GROUP, version: 'v1alpha1', kind: 'ClusterTaintPolicy', resource: 'clustertaintpolicies',
    namespaced: false, categories: [],
  }),

  karmada({
    group: WORK_GROUP, version: 'v1alpha1', kind: 'Work', resource: 'works', namespaced: true,
    shortNames: ['wk'], status: true,
    columns: [
      column('WORKLOAD-KIND', '.spec.workload.manifests[*].kind'),
      column('APPLIED', '.status.conditions[?(@.type=="Applied")].status'),
      AGE,
    ],
  }),
  karmada({
    group: WORK_GROUP, version: 'v1alpha2', kind: 'ResourceBinding', resource: 'resourcebindings', namespaced: true,
    shortNames: ['rb'], status: true, columns: BINDING_COLUMNS, storageVersion: 'v1alpha2',
  }),
  karmada({
    group: WORK_GROUP, version: 'v1alpha1', kind: 'ResourceBinding', resource: 'resourcebindings', namespaced: true,
    shortNames: ['rb'], status: true, storageVersion: 'v1alpha2',
  }),
  karmada({
    group: WORK_GROUP, version: 'v1alpha2', kind: 'ClusterResourceBinding', resource: 'clusterresourcebindings',
    namespaced: false, shortNames: ['crb'], status: true, columns: BINDING_COLUMNS, storageVersion: 'v1alpha2',
  }),
  karmada({
    group: WORK_GROUP, version: 'v1alpha1', kind: 'ClusterResourceBinding', resource: 'clusterresourcebindings',
    namespaced: false, shortNames: ['crb'], status: true, storageVersion: 'v1alpha2',
  }),

  karmada({
    group: CONFIG_GROUP, version: 'v1alpha1', kind: 'ResourceInterpreterCustomization',
    resource: 'resourceinterpretercustomizations', namespaced: false, shortNames: ['ric'],
    columns: [column('TARGET-API-VERSION', '.spec.target.apiVersion'), column('TARGET-KIND', '.spec.target.kind'), AGE],
  }),
  karmada({
    group: CONFIG_GROUP, version: 'v1alpha1', kind: 'ResourceInterpreterWebhookConfiguration',
    resource: 'resourceinterpreterwebhookconfigurations', namespaced: false,
  }),

  karmada({
    group: AUTOSCALING_GROUP, version: 'v1alpha1', kind: 'FederatedHPA', resource: 'federatedhpas', namespaced: true,
    shortNames: ['fhpa'], status: true,
    columns: [
      ...HPA_REFERENCE_COLUMNS,
      column('MINPODS', '.spec.minReplicas', 'integer'),
      column('MAXPODS', '.spec.maxReplicas', 'integer'),
      column('REPLICAS', '.status.currentReplicas', 'integer'),
      AGE,
    ],
  }),
  karmada({
    group: AUTOSCALING_GROUP, version: 'v1alpha1', kind: 'CronFederatedHPA', resource: 'cronfederatedhpas', namespaced: true,
    shortNames: ['cronfhpa'], status: true, columns: [...HPA_REFERENCE_COLUMNS, AGE],
  }),

  karmada({
    group: NETWORKING_GROUP, version: 'v1alpha1', kind: 'MultiClusterService', resource: 'multiclusterservices',
    namespaced: true, shortNames: ['mcs'], status: true,
  }),
  karmada({
    group: NETWORKING_GROUP, version: 'v1alpha1', kind: 'MultiClusterIngress', resource: 'multiclusteringresses',
    namespaced: true, shortNames: ['mci'], status: true,
  }),

  // The Multi-Cluster Services API CRDs (sigs.k8s.io/mcs-api) that Karmada installs.
  karmada({
    group: MCS_GROUP, version: 'v1alpha1', kind: 'ServiceExport', resource: 'serviceexports', namespaced: true,
    shortNames: ['svcex'], categories: [], status: true,
    columns: [column('Age', '.metadata.creationTimestamp', 'date')],
  }),
  karmada({
    group: MCS_GROUP, version: 'v1alpha1', kind: 'ServiceImport', resource: 'serviceimports', namespaced: true,
    shortNames: ['svcim'], categories: [], status: true,
    columns: [
      column('Type', '.spec.type', 'string', 0, 'The type of this ServiceImport'),
      column('IP', '.spec.ips', 'string', 0, 'The VIP for this ServiceImport'),
      column('Age', '.metadata.creationTimestamp', 'date'),
    ],
  }),

  karmada({
    group: APPS_GROUP, version: 'v1alpha1', kind: 'WorkloadRebalancer', resource: 'workloadrebalancers', namespaced: false,
    categories: [], status: true,
  }),
  karmada({
    group: SEARCH_GROUP, version: 'v1alpha1', kind: 'ResourceRegistry', resource: 'resourceregistries', namespaced: false,
    categories: [], status: true, aggregated: true,
  }),
];
