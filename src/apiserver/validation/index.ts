/** Validation of built-in objects with kube-apiserver's messages: see validate-builtin.ts and field-error.ts. */
export { validateBuiltin, nameValidatorFor, type ValidationTarget } from './validate-builtin.js';
export {
  aggregateMessage,
  fieldErrorString,
  formatBadValue,
  invalidError,
  invalidMessage,
  type FieldError,
  type FieldErrorType,
} from './field-error.js';
export { validateObjectMeta, validateObjectMetaUpdate, validateLabels, validateAnnotations, validateLabelSelector } from './object-meta.js';
