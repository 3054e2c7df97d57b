/**
 * config.karmada.io/v1alpha1 `InterpreterOperation`: the resource interpreter operations
 * (`pkg/apis/config/v1alpha1/resourceinterpreterwebhook_types.go`).
 */

/** Every operation name Karmada defines, in its spelling. `*` means all (webhook rules only). */
export const INTERPRETER_OPERATIONS = [
  'InterpretReplica',
  'InterpretComponent',
  'ReviseReplica',
  'InterpretStatus',
  'Prune',
  'Retain',
  'AggregateStatus',
  'InterpretHealth',
  'InterpretDependency',
] as const;

/** One interpreter operation. */
export type InterpreterOperation = (typeof INTERPRETER_OPERATIONS)[number];

/** An operation as written in a webhook rule, where `*` matches every operation. */
export type InterpreterOperationRule = InterpreterOperation | '*';

/** Parses an operation name ignoring case (as Karmada's test harness and `karmadactl interpret` do). */
export function parseInterpreterOperation(name: string): InterpreterOperation | undefined {
  const lower = name.toLowerCase();
  return INTERPRETER_OPERATIONS.find((op) => op.toLowerCase() === lower);
}
