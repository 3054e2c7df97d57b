import { parse as parseYaml } from 'yaml';
import { isPlainObject, type KubeObject } from '../api/object.js';
import { groupVersion, type ResourceInfo } from '../api/resource-info.js';
import { badRequest, unsupportedMediaType } from './status-error.js';
import { mediaType } from './http-util.js';

/** Decodes a protobuf request body (k8s\0 envelope) into JSON; provided by the protobuf module. */
export type ProtobufDecoder = (body: Uint8Array) => { apiVersion: string; kind: string; object: Record<string, unknown> };

/** Parses JSON text, mapping syntax errors to kube's 400 wording. */
export function parseJsonBody(text: string, info: Pick<ResourceInfo, 'kind' | 'version'>): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw badRequest(`${info.kind} in version "${info.version}" cannot be handled as a ${info.kind}: ${why}`);
  }
}

/**
 * Decodes a create/update body (JSON, YAML or Kubernetes protobuf) into an object and checks that
 * its apiVersion/kind agree with the endpoint, as kube-apiserver does.
 */
export function decodeObjectBody(
  body: Buffer,
  contentType: string | undefined,
  info: ResourceInfo,
  protobuf: ProtobufDecoder | undefined,
  expectedKind = info.kind,
  expectedApiVersion = groupVersion(info),
): KubeObject {
  const type = mediaType(contentType);
  let value: unknown;
  if (type === 'application/vnd.kubernetes.protobuf') {
    if (protobuf === undefined) {
      throw unsupportedMediaType(`the body of the request was in an unknown format - accepted media types include: application/json, application/yaml`);
    }
    try {
      const decoded = protobuf(body);
      value = { ...decoded.object, apiVersion: decoded.apiVersion, kind: decoded.kind };
    } catch (error) {
      throw badRequest(`${info.kind} in version "${info.version}" cannot be handled as a ${info.kind}: ${error instanceof Error ? error.message : String(error)}`);
    }
  } else if (type === 'application/yaml') {
    try {
      value = parseYaml(body.toString('utf8')) as unknown;
    } catch (error) {
      throw badRequest(`${info.kind} in version "${info.version}" cannot be handled as a ${info.kind}: ${error instanceof Error ? error.message : String(error)}`);
    }
  } else if (type === '' || type === 'application/json' || type === '*/*') {
    value = parseJsonBody(body.toString('utf8'), info);
  } else {
    throw unsupportedMediaType(
      `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf`,
    );
  }
  if (!isPlainObject(value)) {
    throw badRequest(`${info.kind} in version "${info.version}" cannot be handled as a ${info.kind}: Object 'Kind' is missing in '${body.toString('utf8').slice(0, 80)}'`);
  }
  const object = value as KubeObject;
  if (object.kind !== undefined && object.kind !== expectedKind) {
    throw badRequest(`the kind in the data (${String(object.kind)}) does not match the expected kind (${expectedKind})`);
  }
  if (object.apiVersion !== undefined && object.apiVersion !== expectedApiVersion) {
    // objects of another served version of the same kind are accepted (no conversion needed here)
    const group = String(object.apiVersion).includes('/') ? String(object.apiVersion).split('/')[0] : '';
    if (group !== info.group) {
      throw badRequest(`the API version in the data (${String(object.apiVersion)}) does not match the expected API version (${expectedApiVersion})`);
    }
  }
  if (!isPlainObject(object.metadata)) {
    object.metadata = {};
  }
  return object;
}
