/**
 * core/v1 defaulting for pods and pod templates (SetDefaults_PodSpec, _Container, _Volume,
 * _Probe, ... in pkg/apis/core/v1/defaults.go). Mutates the JSON in place.
 */
import { isPlainObject } from '../../api/object.js';

type Json = Record<string, unknown>;

function obj(parent: Json, key: string): Json | undefined {
  const v = parent[key];
  return isPlainObject(v) ? v : undefined;
}

function list(parent: Json, key: string): Json[] {
  const v = parent[key];
  return Array.isArray(v) ? v.filter(isPlainObject) : [];
}

function unset(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

/** Fills `parent[key]` when it is absent, null or ''. */
export function setDefault(parent: Json, key: string, value: unknown): void {
  if (unset(parent[key])) {
    parent[key] = value;
  }
}

/**
 * The tag part of an image reference as kubelet's ParseImageName sees it: 'latest' when
 * neither tag nor digest is given, '' when a digest is given or the reference is invalid.
 */
export function imageTag(image: string): string {
  if (image === '') {
    return '';
  }
  let rest = image;
  const at = rest.indexOf('@');
  const hasDigest = at >= 0;
  if (hasDigest) {
    if (!/^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/.test(rest.slice(at + 1))) {
      return '';
    }
    rest = rest.slice(0, at);
  }
  let tag = '';
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!/^[\w][\w.-]{0,127}$/.test(tag)) {
      return '';
    }
  }
  // The path after an optional domain must be lowercase; otherwise the reference is invalid.
  const slash = rest.indexOf('/');
  const first = slash >= 0 ? rest.slice(0, slash) : '';
  const isDomain = slash >= 0 && (first.includes('.') || first.includes(':') || first === 'localhost' || first !== first.toLowerCase());
  const path = isDomain ? rest.slice(slash + 1) : rest;
  const component = '[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*';
  if (!new RegExp(`^${component}(?:/${component})*$`).test(path)) {
    return '';
  }
  if (tag === '' && !hasDigest) {
    return 'latest';
  }
  return tag;
}

function defaultHttpGet(handler: Json | undefined): void {
  const httpGet = handler === undefined ? undefined : obj(handler, 'httpGet');
  if (httpGet !== undefined) {
    setDefault(httpGet, 'path', '/');
    setDefault(httpGet, 'scheme', 'HTTP');
  }
}

function defaultProbe(container: Json, key: string): void {
  const probe = obj(container, key);
  if (probe === undefined) {
    return;
  }
  for (const [field, value] of [
    ['timeoutSeconds', 1],
    ['periodSeconds', 10],
    ['successThreshold', 1],
    ['failureThreshold', 3],
  ] as const) {
    if (unset(probe[field]) || probe[field] === 0) {
      probe[field] = value;
    }
  }
  defaultHttpGet(probe);
}

function defaultEnv(container: Json): void {
  for (const env of list(container, 'env')) {
    const from = obj(env, 'valueFrom');
    const fieldRef = from === undefined ? undefined : obj(from, 'fieldRef');
    if (fieldRef !== undefined) {
      setDefault(fieldRef, 'apiVersion', 'v1');
    }
    const resourceRef = from === undefined ? undefined : obj(from, 'resourceFieldRef');
    if (resourceRef !== undefined) {
      // resource.Quantity is not a pointer: an unset divisor reads back as "0".
      setDefault(resourceRef, 'divisor', '0');
    }
  }
}

/** SetDefaults_Container plus ports, probes, lifecycle handlers and env field refs. */
export function applyContainerDefaults(container: Json, hostNetwork: boolean): void {
  if (unset(container['imagePullPolicy'])) {
    const image = typeof container['image'] === 'string' ? container['image'] : '';
    container['imagePullPolicy'] = imageTag(image) === 'latest' ? 'Always' : 'IfNotPresent';
  }
  setDefault(container, 'terminationMessagePath', '/dev/termination-log');
  setDefault(container, 'terminationMessagePolicy', 'File');
  if (!isPlainObject(container['resources'])) {
    // ResourceRequirements is a struct, so it always reads back as at least {}.
    container['resources'] = {};
  }
  for (const port of list(container, 'ports')) {
    setDefault(port, 'protocol', 'TCP');
    if (hostNetwork && (unset(port['hostPort']) || port['hostPort'] === 0)) {
      port['hostPort'] = port['containerPort'];
    }
  }
  defaultProbe(container, 'livenessProbe');
  defaultProbe(container, 'readinessProbe');
  defaultProbe(container, 'startupProbe');
  const lifecycle = obj(container, 'lifecycle');
  if (lifecycle !== undefined) {
    defaultHttpGet(obj(lifecycle, 'postStart'));
    defaultHttpGet(obj(lifecycle, 'preStop'));
  }
  defaultEnv(container);
}

const volumeSources = [
  'hostPath', 'emptyDir', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'secret', 'nfs', 'iscsi', 'glusterfs',
  'persistentVolumeClaim', 'rbd', 'flexVolume', 'cinder', 'cephfs', 'flocker', 'downwardAPI', 'fc', 'azureFile',
  'configMap', 'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'projected', 'portworxVolume',
  'scaleIO', 'storageos', 'csi', 'ephemeral', 'image',
];

/** SetDefaults_Volume and the per-source defaults (defaultMode 420, hostPath type ""). */
export function applyVolumeDefaults(volume: Json): void {
  if (!volumeSources.some((s) => volume[s] !== undefined && volume[s] !== null)) {
    volume['emptyDir'] = {};
  }
  for (const source of ['secret', 'configMap', 'downwardAPI', 'projected']) {
    const v = obj(volume, source);
    if (v !== undefined) {
      setDefault(v, 'defaultMode', 420);
    }
  }
  const downward = obj(volume, 'downwardAPI');
  for (const item of downward === undefined ? [] : list(downward, 'items')) {
    const fieldRef = obj(item, 'fieldRef');
    if (fieldRef !== undefined) {
      setDefault(fieldRef, 'apiVersion', 'v1');
    }
  }
  const hostPath = obj(volume, 'hostPath');
  if (hostPath !== undefined && hostPath['type'] === undefined) {
    hostPath['type'] = '';
  }
}

/** SetDefaults_PodSpec and everything nested in it; used by pods and every pod template. */
export function applyPodSpecDefaults(spec: Json): void {
  setDefault(spec, 'dnsPolicy', 'ClusterFirst');
  setDefault(spec, 'restartPolicy', 'Always');
  if (!isPlainObject(spec['securityContext'])) {
    spec['securityContext'] = {};
  }
  if (typeof spec['terminationGracePeriodSeconds'] !== 'number') {
    spec['terminationGracePeriodSeconds'] = 30;
  }
  setDefault(spec, 'schedulerName', 'default-scheduler');
  const hostNetwork = spec['hostNetwork'] === true;
  for (const c of [...list(spec, 'containers'), ...list(spec, 'initContainers')]) {
    applyContainerDefaults(c, hostNetwork);
  }
  for (const c of list(spec, 'ephemeralContainers')) {
    applyContainerDefaults(c, false);
  }
  for (const v of list(spec, 'volumes')) {
    applyVolumeDefaults(v);
  }
}

/** A pod template (`{metadata, spec}`) inside a workload. */
export function applyPodTemplateDefaults(template: unknown): void {
  if (!isPlainObject(template)) {
    return;
  }
  const spec = obj(template, 'spec');
  if (spec !== undefined) {
    applyPodSpecDefaults(spec);
  }
}

function defaultRequestsFromLimits(container: Json): void {
  const resources = obj(container, 'resources');
  const limits = resources === undefined ? undefined : obj(resources, 'limits');
  if (resources === undefined || limits === undefined) {
    return;
  }
  const requests = obj(resources, 'requests') ?? {};
  for (const [k, v] of Object.entries(limits)) {
    if (requests[k] === undefined) {
      requests[k] = v;
    }
  }
  resources['requests'] = requests;
}

/** SetDefaults_Pod: the PodSpec defaults plus pod-only ones (requests from limits, enableServiceLinks). */
export function applyPodDefaults(pod: Json): void {
  const spec = obj(pod, 'spec');
  if (spec === undefined) {
    return;
  }
  for (const c of [...list(spec, 'containers'), ...list(spec, 'initContainers')]) {
    defaultRequestsFromLimits(c);
  }
  if (typeof spec['enableServiceLinks'] !== 'boolean') {
    spec['enableServiceLinks'] = true;
  }
  applyPodSpecDefaults(spec);
}
