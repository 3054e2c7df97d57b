/**
 * The rules `karmadactl interpret` knows (`pkg/util/interpreter/rule.go`): each is named by its
 * operation, reads one field of a customization, and runs against a declarative layer loaded with
 * the customizations given, returning named results (`retained`, `replica`/`requires`, ...).
 */
import type { InterpreterOperation } from '../../api/config/interpreter-operation.js';
import type { CustomizationRuleName, ResourceInterpreterCustomization } from '../../api/config/resource-interpreter-customization.js';
import type { KubeObject } from '../../api/object.js';
import type { DeclarativeInterpreter } from '../declarative/declarative-interpreter.js';
import type { LayerResult } from '../interpreter.js';
import type { AggregatedStatusItem } from '../types.js';

/** What a rule runs with (`RuleArgs`). */
export interface RuleArgs {
  readonly desired?: KubeObject;
  readonly observed?: KubeObject;
  readonly status?: readonly AggregatedStatusItem[];
  /** `--desired-replica`. */
  readonly replica: number;
}

/** Named results, or the error that stopped the rule. */
export interface RuleResult {
  readonly results: readonly { readonly name: string; readonly value: unknown }[];
  readonly error?: Error;
}

/** One rule. */
export interface InterpretRule {
  /** The operation it performs, which is also its name. */
  readonly name: InterpreterOperation;
  /** The customization field holding its script. */
  readonly field: CustomizationRuleName;
  run(layer: DeclarativeInterpreter, args: RuleArgs): RuleResult;
}

const failed = (message: string): RuleResult => ({ results: [], error: new Error(message) });

function desiredOf(args: RuleArgs): KubeObject {
  if (args.desired === undefined) throw new Error('desired, desired-file options are not set');
  return args.desired;
}

function observedOf(args: RuleArgs): KubeObject {
  if (args.observed === undefined) throw new Error('observed, observed-file options are not set');
  return args.observed;
}

/** The one object most rules take: from `--desired-file` or `--observed-file`, not both. */
function objectOf(args: RuleArgs): KubeObject {
  if (args.desired === undefined && args.observed === undefined) throw new Error('desired-file, observed-file options are not set');
  if (args.desired !== undefined && args.observed !== undefined) throw new Error('you can not specify both desired-file and observed-file options');
  return (args.desired ?? args.observed) as KubeObject;
}

/** Runs `call`; a layer without the rule answers "rule is not enabled". */
function attempt<T>(call: () => LayerResult<T>, results: (value: T) => RuleResult['results']): RuleResult {
  try {
    const answer = call();
    if (!answer.handled) return failed('rule is not enabled');
    return { results: results(answer.value) };
  } catch (error) {
    return { results: [], error: error instanceof Error ? error : new Error(String(error)) };
  }
}

/** The rules in Karmada's order. */
export const INTERPRET_RULES: readonly InterpretRule[] = [
  {
    name: 'Retain',
    field: 'retention',
    run: (layer, args) =>
      attempt(
        () => layer.retain(desiredOf(args), observedOf(args)),
        (retained) => [{ name: 'retained', value: retained }],
      ),
  },
  {
    name: 'InterpretReplica',
    field: 'replicaResource',
    run: (layer, args) =>
      attempt(
        () => layer.getReplicas(objectOf(args)),
        (r) => [
          { name: 'replica', value: r.replicas },
          { name: 'requires', value: r.requirements ?? null },
        ],
      ),
  },
  {
    name: 'InterpretComponent',
    field: 'componentResource',
    run: (layer, args) =>
      attempt(
        () => layer.getComponents(objectOf(args)),
        (components) => [{ name: 'components', value: components }],
      ),
  },
  {
    name: 'ReviseReplica',
    field: 'replicaRevision',
    run: (layer, args) =>
      attempt(
        () => layer.reviseReplica(objectOf(args), args.replica),
        (revised) => [{ name: 'revised', value: revised }],
      ),
  },
  {
    name: 'InterpretStatus',
    field: 'statusReflection',
    run: (layer, args) =>
      attempt(
        () => layer.reflectStatus(objectOf(args)),
        (status) => [{ name: 'status', value: status ?? null }],
      ),
  },
  {
    name: 'AggregateStatus',
    field: 'statusAggregation',
    run: (layer, args) =>
      attempt(
        // A nil list when no status was given, as Karmada passes it.
        () => layer.aggregateStatus(objectOf(args), args.status === undefined || args.status.length === 0 ? undefined : args.status),
        (aggregated) => [{ name: 'aggregatedStatus', value: aggregated }],
      ),
  },
  {
    name: 'InterpretHealth',
    field: 'healthInterpretation',
    run: (layer, args) =>
      attempt(
        () => layer.interpretHealth(objectOf(args)),
        (healthy) => [{ name: 'healthy', value: healthy }],
      ),
  },
  {
    name: 'InterpretDependency',
    field: 'dependencyInterpretation',
    run: (layer, args) =>
      attempt(
        () => layer.getDependencies(objectOf(args)),
        (dependencies) => [{ name: 'dependencies', value: dependencies }],
      ),
  },
];

/** The rule for an operation name, ignoring case (`retain`, `interpretReplica`, ...). */
export function ruleByOperation(operation: string): InterpretRule | undefined {
  const lower = operation.toLowerCase();
  return operation === '' ? undefined : INTERPRET_RULES.find((rule) => rule.name.toLowerCase() === lower);
}

/** The script a customization sets for a rule, or '' (`GetScript`). */
export function scriptOf(customization: ResourceInterpreterCustomization, rule: InterpretRule): string {
  const script = customization.spec?.customizations?.[rule.field]?.luaScript;
  return typeof script === 'string' ? script : '';
}
