import type { ResourceInfo } from '../api/resource-info.js';

/** The resources the apiserver serves; the catalog implements it. */
export interface ServedResources {
  get(group: string, version: string, resource: string): ResourceInfo | undefined;
  /** Every served resource (all versions). */
  all(): readonly ResourceInfo[];
}
