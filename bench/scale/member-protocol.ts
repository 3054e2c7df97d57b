/** Messages between the benchmark's main thread and its member workers (member-host.ts, member-worker.ts). */
import type { MemberEndpoint, MemberObjectEvent, MemberSettings } from './member-fleet.js';

export interface MemberWorkerData {
  /** Member indexes (1-based) this worker hosts. */
  readonly indexes: readonly number[];
  readonly settings: MemberSettings;
  readonly logLevel: string;
}

export type MemberOp = 'missingNamespaces' | 'pods' | 'buckets' | 'heap' | 'watch' | 'stop';

/** Main -> worker: a question or command, answered by a `reply` with the same id. */
export interface MemberCall {
  readonly type: 'call';
  readonly id: number;
  readonly op: MemberOp;
  readonly names?: readonly string[];
}

/** Worker -> main. `member` waits for a `joined` answer before the worker starts the next member. */
export type MemberWorkerMessage =
  | { readonly type: 'member'; readonly endpoint: MemberEndpoint }
  | { readonly type: 'ready'; readonly tid?: number }
  | { readonly type: 'events'; readonly events: MemberObjectEvent[] }
  | { readonly type: 'watchError'; readonly what: string }
  | { readonly type: 'reply'; readonly id: number; readonly value?: unknown; readonly error?: string };
