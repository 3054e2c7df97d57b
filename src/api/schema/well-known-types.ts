/**
 * Messages whose JSON form is not a plain object of their proto fields. Their JSON shapes follow
 * the custom marshalers of k8s.io/apimachinery.
 */
export const WELL_KNOWN = {
  time: 'k8s.io.apimachinery.pkg.apis.meta.v1.Time',
  microTime: 'k8s.io.apimachinery.pkg.apis.meta.v1.MicroTime',
  duration: 'k8s.io.apimachinery.pkg.apis.meta.v1.Duration',
  fieldsV1: 'k8s.io.apimachinery.pkg.apis.meta.v1.FieldsV1',
  quantity: 'k8s.io.apimachinery.pkg.api.resource.Quantity',
  quantityValue: 'k8s.io.apimachinery.pkg.api.resource.QuantityValue',
  intOrString: 'k8s.io.apimachinery.pkg.util.intstr.IntOrString',
  rawExtension: 'k8s.io.apimachinery.pkg.runtime.RawExtension',
  unknown: 'k8s.io.apimachinery.pkg.runtime.Unknown',
  objectMeta: 'k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta',
  listMeta: 'k8s.io.apimachinery.pkg.apis.meta.v1.ListMeta',
} as const;

/**
 * How a well-known message appears in JSON:
 * - 'time' | 'micro-time': RFC 3339 string (seconds, or microseconds) or absent when zero
 * - 'duration': Go duration string such as "1h0m0s"
 * - 'quantity': string such as "500m" or "1Gi"
 * - 'int-or-string': a number or a string
 * - 'raw-json': any JSON value carried as raw bytes (RawExtension, FieldsV1)
 */
export type WellKnownJsonShape = 'time' | 'micro-time' | 'duration' | 'quantity' | 'int-or-string' | 'raw-json';

const SHAPES: ReadonlyMap<string, WellKnownJsonShape> = new Map<string, WellKnownJsonShape>([
  [WELL_KNOWN.time, 'time'],
  [WELL_KNOWN.microTime, 'micro-time'],
  [WELL_KNOWN.duration, 'duration'],
  [WELL_KNOWN.quantity, 'quantity'],
  [WELL_KNOWN.quantityValue, 'quantity'],
  [WELL_KNOWN.intOrString, 'int-or-string'],
  [WELL_KNOWN.rawExtension, 'raw-json'],
  [WELL_KNOWN.fieldsV1, 'raw-json'],
]);

/** The special JSON shape of a message type, or undefined for ordinary messages. */
export function wellKnownShape(typeName: string): WellKnownJsonShape | undefined {
  return SHAPES.get(typeName);
}
