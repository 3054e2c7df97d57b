/**
 * Which table printer `karmadactl get` uses for a resource: the CRD's additionalPrinterColumns
 * for custom resources, the built-in printer kube-apiserver uses for built-in kinds, else
 * NAME / CREATED AT. The same printers the apiserver's Table output uses, run client-side so
 * that member clusters' objects print like the control plane's.
 */
import { isPlainObject } from '../../api/object.js';
import type { PrinterColumn } from '../../api/resource-info.js';
import { builtinPrinter } from '../../apiserver/table/builtin-printers.js';
import { defaultPrinter } from '../../apiserver/table/default-convertor.js';
import { customColumnsPrinter } from '../../apiserver/table/index.js';
import type { Printer } from '../../apiserver/table/index.js';
import { isNotFound } from '../../client/api-error.js';
import type { KubeClient, ResourceRef } from '../../client/client.js';

const CRDS: ResourceRef = {
  group: 'apiextensions.k8s.io',
  version: 'v1',
  resource: 'customresourcedefinitions',
  namespaced: false,
  kind: 'CustomResourceDefinition',
};

function printerColumnsOf(crd: unknown, version: string): PrinterColumn[] {
  const spec = isPlainObject(crd) ? crd['spec'] : undefined;
  const versions = isPlainObject(spec) && Array.isArray(spec['versions']) ? (spec['versions'] as unknown[]) : [];
  const v = versions.find((x) => isPlainObject(x) && x['name'] === version);
  const cols = isPlainObject(v) && Array.isArray(v['additionalPrinterColumns']) ? (v['additionalPrinterColumns'] as unknown[]) : [];
  return cols.filter(isPlainObject).map((c) => ({
    name: String(c['name'] ?? ''),
    type: String(c['type'] ?? 'string'),
    jsonPath: String(c['jsonPath'] ?? ''),
    ...(typeof c['format'] === 'string' ? { format: c['format'] } : {}),
    ...(typeof c['description'] === 'string' ? { description: c['description'] } : {}),
    ...(typeof c['priority'] === 'number' ? { priority: c['priority'] } : {}),
  }));
}

/** The printer for `ref`, looking the CRD up on `client` when the resource is not built in. */
export async function choosePrinter(client: KubeClient, ref: ResourceRef): Promise<Printer> {
  const builtin = builtinPrinter(ref.group, ref.resource);
  if (builtin !== undefined) {
    return builtin;
  }
  if (ref.group !== '' && ref.group.includes('.')) {
    try {
      const crd = await client.get(CRDS, `${ref.resource}.${ref.group}`);
      return customColumnsPrinter(printerColumnsOf(crd, ref.version));
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
  return defaultPrinter;
}
