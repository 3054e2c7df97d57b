/**
 * Event reasons Karmada's controllers use (`pkg/events/events.go`), so `kubectl describe`
 * shows what Karmada users know.
 */
export const REASON_APPLY_POLICY_FAILED = 'ApplyPolicyFailed';
export const REASON_APPLY_POLICY_SUCCEED = 'ApplyPolicySucceed';
export const REASON_PREEMPT_POLICY_SUCCEED = 'PreemptPolicySucceed';
export const REASON_PREEMPT_POLICY_FAILED = 'PreemptPolicyFailed';
export const REASON_SCHEDULE_BINDING_FAILED = 'ScheduleBindingFailed';
export const REASON_SCHEDULE_BINDING_SUCCEED = 'ScheduleBindingSucceed';
export const REASON_SYNC_WORK_FAILED = 'SyncWorkFailed';
export const REASON_SYNC_WORK_SUCCEED = 'SyncWorkSucceed';
export const REASON_CLEANUP_WORK_FAILED = 'CleanupWorkFailed';
export const REASON_SYNC_WORKLOAD_FAILED = 'SyncFailed';
export const REASON_SYNC_WORKLOAD_SUCCEED = 'SyncSucceed';
export const REASON_WORK_DISPATCHING = 'WorkDispatching';
export const REASON_APPLY_OVERRIDE_POLICY_FAILED = 'ApplyOverridePolicyFailed';
export const REASON_APPLY_OVERRIDE_POLICY_SUCCEED = 'ApplyOverridePolicySucceed';
export const REASON_AGGREGATE_STATUS_FAILED = 'AggregateStatusFailed';
export const REASON_AGGREGATE_STATUS_SUCCEED = 'AggregateStatusSucceed';
export const REASON_REFLECT_STATUS_FAILED = 'ReflectStatusFailed';
export const REASON_INTERPRET_HEALTH_FAILED = 'InterpretHealthFailed';
export const REASON_GET_DEPENDENCIES_FAILED = 'GetDependenciesFailed';
export const REASON_GET_DEPENDENCIES_SUCCEED = 'GetDependenciesSucceed';
export const REASON_SYNC_DEPENDENCIES_FAILED = 'SyncScheduleResultToDependenciesFailed';
export const REASON_SYNC_DEPENDENCIES_SUCCEED = 'SyncScheduleResultToDependenciesSucceed';
