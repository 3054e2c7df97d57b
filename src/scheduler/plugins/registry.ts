/**
 * The in-tree plugins. This is the only place plugins are listed.
 */
import { PluginRegistry } from '../framework/registry.js';
import { API_ENABLEMENT, APIEnablementPlugin } from './api-enablement/api-enablement.js';
import { CLUSTER_AFFINITY, ClusterAffinityPlugin } from './cluster-affinity/cluster-affinity.js';
import { CLUSTER_EVICTION, ClusterEvictionPlugin } from './cluster-eviction/cluster-eviction.js';
import { CLUSTER_LOCALITY, ClusterLocalityPlugin } from './cluster-locality/cluster-locality.js';
import { SPREAD_CONSTRAINT, SpreadConstraintPlugin } from './spread-constraint/spread-constraint.js';
import { TAINT_TOLERATION, TaintTolerationPlugin } from './taint-toleration/taint-toleration.js';

/** A fresh registry holding Karmada's in-tree plugins. */
export function inTreeRegistry(): PluginRegistry {
  return new PluginRegistry()
    .register(API_ENABLEMENT, () => new APIEnablementPlugin())
    .register(TAINT_TOLERATION, () => new TaintTolerationPlugin())
    .register(CLUSTER_AFFINITY, () => new ClusterAffinityPlugin())
    .register(SPREAD_CONSTRAINT, () => new SpreadConstraintPlugin())
    .register(CLUSTER_LOCALITY, () => new ClusterLocalityPlugin())
    .register(CLUSTER_EVICTION, () => new ClusterEvictionPlugin());
}
