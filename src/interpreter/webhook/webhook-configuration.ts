/**
 * config.karmada.io/v1alpha1 ResourceInterpreterWebhookConfiguration
 * (`pkg/apis/config/v1alpha1/resourceinterpreterwebhook_types.go`): HTTPS endpoints that answer
 * interpreter operations for the kinds their rules name. Cluster-scoped. Karmada has no
 * failure policy for these hooks: a failing call fails the operation.
 */
import type { KubeObject } from '../../api/object.js';
import type { InterpreterOperationRule } from '../../api/config/interpreter-operation.js';

/** The kind's spelling. */
export const WEBHOOK_CONFIGURATION_TYPE = { apiVersion: 'config.karmada.io/v1alpha1', kind: 'ResourceInterpreterWebhookConfiguration' } as const;

/** Seconds a call may take when the hook does not say (the field's documented default). */
export const DEFAULT_WEBHOOK_TIMEOUT_SECONDS = 10;

/** `RuleWithOperations`: which operations on which kinds a hook serves; `*` matches anything. */
export interface RuleWithOperations {
  operations?: InterpreterOperationRule[];
  apiGroups?: string[];
  apiVersions?: string[];
  kinds?: string[];
}

/** `admissionregistration/v1 ServiceReference`: a Service of the control plane. */
export interface WebhookServiceReference {
  namespace: string;
  name: string;
  path?: string;
  /** Default 443. */
  port?: number;
}

/** `admissionregistration/v1 WebhookClientConfig`: exactly one of `url` and `service`. */
export interface WebhookClientConfig {
  url?: string;
  service?: WebhookServiceReference;
  /** Base64 of the PEM CA bundle that signs the hook's serving certificate; empty: system roots. */
  caBundle?: string;
}

/** `ResourceInterpreterWebhook`: one hook. */
export interface ResourceInterpreterWebhook {
  /** A fully qualified name, unique within the configuration. */
  name: string;
  clientConfig: WebhookClientConfig;
  rules?: RuleWithOperations[];
  /** 1..30; default {@link DEFAULT_WEBHOOK_TIMEOUT_SECONDS}. */
  timeoutSeconds?: number;
  /** ResourceInterpreterContext versions the hook accepts, most preferred first (`v1alpha1`). */
  interpreterContextVersions: string[];
}

/** config.karmada.io/v1alpha1 ResourceInterpreterWebhookConfiguration (cluster-scoped). */
export interface ResourceInterpreterWebhookConfiguration extends KubeObject {
  apiVersion?: 'config.karmada.io/v1alpha1';
  kind?: 'ResourceInterpreterWebhookConfiguration';
  webhooks?: ResourceInterpreterWebhook[];
}
