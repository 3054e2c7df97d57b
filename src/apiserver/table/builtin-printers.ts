/** The built-in table printers, keyed by `group/resource` ('' group for core). */
import { configMapPrinter, eventPrinter, namespacePrinter, nodePrinter, persistentVolumeClaimPrinter, persistentVolumePrinter, podTemplatePrinter, secretPrinter, serviceAccountPrinter } from './core-printers.js';
import {
  apiServicePrinter,
  clusterRoleBindingPrinter,
  controllerRevisionPrinter,
  horizontalPodAutoscalerPrinter,
  leasePrinter,
  podDisruptionBudgetPrinter,
  priorityClassPrinter,
  roleBindingPrinter,
  storageClassPrinter,
  webhookConfigurationPrinter,
} from './misc-printers.js';
import {
  endpointSlicePrinter,
  endpointsPrinter,
  ingressClassPrinter,
  ingressPrinter,
  networkPolicyPrinter,
  servicePrinter,
} from './network-printers.js';
import { podPrinter } from './pod-printer.js';
import type { Printer } from './printer.js';
import {
  cronJobPrinter,
  daemonSetPrinter,
  deploymentPrinter,
  jobPrinter,
  replicaSetPrinter,
  replicationControllerPrinter,
  statefulSetPrinter,
} from './workload-printers.js';

const printers: Readonly<Record<string, Printer>> = {
  '/pods': podPrinter,
  '/podtemplates': podTemplatePrinter,
  '/replicationcontrollers': replicationControllerPrinter,
  '/services': servicePrinter,
  '/endpoints': endpointsPrinter,
  '/configmaps': configMapPrinter,
  '/secrets': secretPrinter,
  '/namespaces': namespacePrinter,
  '/nodes': nodePrinter,
  '/events': eventPrinter,
  '/serviceaccounts': serviceAccountPrinter,
  '/persistentvolumeclaims': persistentVolumeClaimPrinter,
  '/persistentvolumes': persistentVolumePrinter,
  'apps/deployments': deploymentPrinter,
  'apps/replicasets': replicaSetPrinter,
  'apps/statefulsets': statefulSetPrinter,
  'apps/daemonsets': daemonSetPrinter,
  'apps/controllerrevisions': controllerRevisionPrinter,
  'batch/jobs': jobPrinter,
  'batch/cronjobs': cronJobPrinter,
  'discovery.k8s.io/endpointslices': endpointSlicePrinter,
  'networking.k8s.io/ingresses': ingressPrinter,
  'networking.k8s.io/ingressclasses': ingressClassPrinter,
  'networking.k8s.io/networkpolicies': networkPolicyPrinter,
  'coordination.k8s.io/leases': leasePrinter,
  'rbac.authorization.k8s.io/rolebindings': roleBindingPrinter,
  'rbac.authorization.k8s.io/clusterrolebindings': clusterRoleBindingPrinter,
  'autoscaling/horizontalpodautoscalers': horizontalPodAutoscalerPrinter,
  'policy/poddisruptionbudgets': podDisruptionBudgetPrinter,
  'storage.k8s.io/storageclasses': storageClassPrinter,
  'scheduling.k8s.io/priorityclasses': priorityClassPrinter,
  'admissionregistration.k8s.io/mutatingwebhookconfigurations': webhookConfigurationPrinter,
  'admissionregistration.k8s.io/validatingwebhookconfigurations': webhookConfigurationPrinter,
  'apiregistration.k8s.io/apiservices': apiServicePrinter,
};

/** The printer kube-apiserver uses for a built-in resource, if it has a dedicated one. */
export function builtinPrinter(group: string, resource: string): Printer | undefined {
  return printers[`${group}/${resource}`];
}
