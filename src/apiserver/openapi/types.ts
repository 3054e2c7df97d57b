/** The subset of OpenAPI 3.0 shapes the apiserver publishes. */

/** A JSON Schema / OpenAPI schema object. */
export type OpenAPISchema = Readonly<Record<string, unknown>>;

export interface OpenAPIParameter {
  readonly name: string;
  readonly in: 'query' | 'path';
  readonly description: string;
  readonly required?: boolean;
  readonly schema: OpenAPISchema;
}

export interface OpenAPIMediaType {
  readonly schema: OpenAPISchema;
}

export interface OpenAPIResponse {
  readonly description: string;
  readonly content?: Readonly<Record<string, OpenAPIMediaType>>;
}

/** Kubernetes' operation-level extension: one object (schemas carry an array instead). */
export interface OperationGroupVersionKind {
  readonly group: string;
  readonly kind: string;
  readonly version: string;
}

export interface OpenAPIOperation {
  readonly tags: readonly string[];
  readonly description: string;
  readonly operationId: string;
  readonly parameters?: readonly OpenAPIParameter[];
  readonly requestBody?: { readonly content: Readonly<Record<string, OpenAPIMediaType>>; readonly required: boolean };
  readonly responses: Readonly<Record<string, OpenAPIResponse>>;
  readonly 'x-kubernetes-action': string;
  readonly 'x-kubernetes-group-version-kind': OperationGroupVersionKind;
}

export type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'patch';

export type OpenAPIPathItem = Partial<Record<HttpMethod, OpenAPIOperation>> & {
  readonly description?: string;
  readonly parameters?: readonly OpenAPIParameter[];
};

export interface OpenAPIDocument {
  readonly openapi: '3.0.0';
  readonly info: { readonly title: string; readonly version: string };
  readonly paths: Readonly<Record<string, OpenAPIPathItem>>;
  readonly components: {
    readonly schemas: Readonly<Record<string, OpenAPISchema>>;
    readonly securitySchemes?: Readonly<Record<string, OpenAPISchema>>;
  };
}

/** GET /openapi/v3. */
export interface OpenAPIV3Root {
  readonly paths: Readonly<Record<string, { readonly serverRelativeURL: string }>>;
}
