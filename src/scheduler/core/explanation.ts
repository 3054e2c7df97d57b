/**
 * The scheduling explanation (beyond Karmada): for every cluster, which plugin rejected it and
 * why, its scores and available replicas, whether spread constraints selected it, and the steps
 * of the replica division. Returned on request and always on a dry run.
 */
import type { SpreadConstraint } from '../../api/policy/placement.js';
import type { TargetCluster } from '../../api/work/resource-binding.js';
import type { AssignmentStrategy } from './strategy.js';

/** Steady keeps the current placement where it can; Fresh recomputes from scratch. */
export type AssignmentMode = 'Steady' | 'Fresh';

/** What happened to one cluster. */
export interface ClusterVerdict {
  name: string;
  /** Passed every filter plugin. */
  feasible: boolean;
  /** The filter plugin that rejected it. */
  filteredBy?: string;
  reasons?: string[];
  /** Score per score plugin, and their sum. */
  scores?: Record<string, number>;
  score?: number;
  /** Replicas it can still take (estimator minimum, plus what it already holds when spread selection counts it). */
  availableReplicas?: number;
  /** Chosen by cluster selection (spread constraints). */
  selected?: boolean;
  /** Replicas finally assigned. */
  replicas?: number;
  note?: string;
}

/** One group considered by spread-constraint selection. */
export interface SpreadGroup {
  name: string;
  score: number;
  clusters: string[];
  availableReplicas: number;
  selected: boolean;
}

/** How spread constraints chose clusters. */
export interface SpreadExplanation {
  constraints: SpreadConstraint[];
  /** The field or label that grouped clusters ('cluster' when only the cluster constraint applies). */
  groupBy?: string;
  groups?: SpreadGroup[];
  message: string;
}

/** One step of the replica division. */
export interface DivisionStep {
  step: string;
  message: string;
  values?: Record<string, number>;
}

/** One `clusterAffinities` term tried. */
export interface AffinityAttempt {
  affinityName: string;
  outcome: 'scheduled' | 'failed';
  message?: string;
}

/** The full explanation of one scheduling of one binding. */
export interface ScheduleExplanation {
  binding: string;
  strategy: AssignmentStrategy | 'NonWorkload';
  mode: AssignmentMode;
  replicas: number;
  affinityAttempts?: AffinityAttempt[];
  /** Verdicts of the last attempt, sorted by cluster name. */
  clusters: ClusterVerdict[];
  spread?: SpreadExplanation;
  division: DivisionStep[];
  result: TargetCluster[];
  error?: string;
}

/** Renders an explanation as indented text for `describe` and dry runs. */
export function formatExplanation(e: ScheduleExplanation): string {
  const lines: string[] = [];
  lines.push(`Binding ${e.binding}: ${e.replicas} replica(s), strategy ${e.strategy}, mode ${e.mode}`);
  for (const a of e.affinityAttempts ?? []) {
    lines.push(`  affinity term ${a.affinityName}: ${a.outcome}${a.message ? ` (${a.message})` : ''}`);
  }
  lines.push('  Clusters:');
  for (const c of e.clusters) {
    const parts: string[] = [];
    if (!c.feasible) parts.push(`rejected by ${c.filteredBy ?? '?'}: ${(c.reasons ?? []).join('; ')}`);
    else {
      parts.push(`score ${c.score ?? 0}`);
      if (c.availableReplicas !== undefined) parts.push(`available ${c.availableReplicas}`);
      if (c.selected === false) parts.push('not selected');
      if (c.replicas !== undefined) parts.push(`replicas ${c.replicas}`);
    }
    if (c.note) parts.push(c.note);
    lines.push(`    ${c.name}: ${parts.join(', ')}`);
  }
  if (e.spread) lines.push(`  Spread: ${e.spread.message}`);
  for (const d of e.division) lines.push(`  ${d.step}: ${d.message}`);
  if (e.error) lines.push(`  Error: ${e.error}`);
  else lines.push(`  Result: ${e.result.map((t) => `${t.name}=${t.replicas ?? 0}`).join(', ') || '(none)'}`);
  return lines.join('\n');
}
