import { isPlainObject, type KubeObject } from '../../api/object.js';
import type { PrinterColumn, ResourceInfo } from '../../api/resource-info.js';

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function str(value: unknown, fallback = ''): string {
  return typeof value === 'string' ? value : fallback;
}

/** The schema of each served version of a CRD (`spec.versions[].schema.openAPIV3Schema`). */
export function crdVersionSchemas(crd: KubeObject): Map<string, Record<string, unknown>> {
  const spec = isPlainObject(crd['spec']) ? crd['spec'] : {};
  const versions = Array.isArray(spec['versions']) ? spec['versions'].filter(isPlainObject) : [];
  const out = new Map<string, Record<string, unknown>>();
  for (const version of versions) {
    const schema = isPlainObject(version['schema']) ? version['schema']['openAPIV3Schema'] : undefined;
    if (isPlainObject(schema)) {
      out.set(str(version['name']), schema);
    }
  }
  return out;
}

/** The ResourceInfos (one per served version) a CustomResourceDefinition defines. */
export function resourcesOfCrd(crd: KubeObject): ResourceInfo[] {
  const spec = isPlainObject(crd['spec']) ? crd['spec'] : {};
  const names = isPlainObject(spec['names']) ? spec['names'] : {};
  const versions = Array.isArray(spec['versions']) ? spec['versions'].filter(isPlainObject) : [];
  const storage = versions.find((v) => v['storage'] === true);
  const kind = str(names['kind']);
  const out: ResourceInfo[] = [];
  for (const version of versions) {
    if (version['served'] !== true) {
      continue;
    }
    const subresources = isPlainObject(version['subresources']) ? version['subresources'] : {};
    const scale = isPlainObject(subresources['scale']) ? subresources['scale'] : undefined;
    const columns = Array.isArray(version['additionalPrinterColumns']) ? version['additionalPrinterColumns'].filter(isPlainObject) : [];
    const printerColumns: PrinterColumn[] = columns.map((c) => ({
      name: str(c['name']),
      type: str(c['type'], 'string'),
      ...(typeof c['format'] === 'string' ? { format: c['format'] } : {}),
      ...(typeof c['description'] === 'string' ? { description: c['description'] } : {}),
      priority: typeof c['priority'] === 'number' ? c['priority'] : 0,
      jsonPath: str(c['jsonPath']),
    }));
    const info: ResourceInfo = {
      group: str(spec['group']),
      version: str(version['name']),
      kind,
      resource: str(names['plural']),
      singular: str(names['singular'], kind.toLowerCase()),
      listKind: str(names['listKind'], `${kind}List`),
      namespaced: spec['scope'] !== 'Cluster',
      shortNames: strings(names['shortNames']),
      categories: strings(names['categories']),
      statusSubresource: isPlainObject(subresources['status']),
      builtin: false,
      ...(storage === undefined ? {} : { storageVersion: str(storage['name']) }),
      ...(scale === undefined
        ? {}
        : {
            scaleSubresource: {
              specReplicasPath: str(scale['specReplicasPath'], '.spec.replicas'),
              statusReplicasPath: str(scale['statusReplicasPath'], '.status.replicas'),
              ...(typeof scale['labelSelectorPath'] === 'string' ? { labelSelectorPath: scale['labelSelectorPath'] } : {}),
            },
          }),
      ...(printerColumns.length > 0 ? { printerColumns } : {}),
    };
    out.push(info);
  }
  return out;
}

/** The status kube-apiserver gives an accepted CRD: NamesAccepted and Established, storedVersions. */
export function establishedCrdStatus(crd: KubeObject, now: string): Record<string, unknown> {
  const spec = isPlainObject(crd['spec']) ? crd['spec'] : {};
  const versions = Array.isArray(spec['versions']) ? spec['versions'].filter(isPlainObject) : [];
  const stored = versions.filter((v) => v['storage'] === true).map((v) => str(v['name']));
  const previous = isPlainObject(crd['status']) ? strings(crd['status']['storedVersions']) : [];
  const condition = (type: string, reason: string, message: string): Record<string, string> => ({
    type,
    status: 'True',
    lastTransitionTime: now,
    reason,
    message,
  });
  return {
    conditions: [
      condition('NamesAccepted', 'NoConflicts', 'no conflicts found'),
      condition('Established', 'InitialNamesAccepted', 'the initial names have been accepted'),
    ],
    acceptedNames: spec['names'] ?? {},
    storedVersions: [...new Set([...previous, ...stored])],
  };
}
