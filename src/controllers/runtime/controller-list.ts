/**
 * Karmada's `--controllers` flag: `*` enables every controller that is on by default,
 * `foo` enables foo, `-foo` disables foo (e.g. `*,-hpaScaleTargetMarker` or `cluster,execution`).
 */

/** Splits a flag value (or several) into items. */
export function parseControllerList(value: string | readonly string[]): string[] {
  const parts = typeof value === 'string' ? [value] : value;
  return parts
    .flatMap((p) => p.split(','))
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** Whether name is enabled by the list, as Karmada's IsControllerEnabled decides. */
export function isControllerEnabled(name: string, list: readonly string[], disabledByDefault: ReadonlySet<string>): boolean {
  let hasStar = false;
  for (const item of list) {
    if (item === name) {
      return true;
    }
    if (item === `-${name}`) {
      return false;
    }
    if (item === '*') {
      hasStar = true;
    }
  }
  return hasStar && !disabledByDefault.has(name);
}

/** Names in the list that are not known controllers (reported as a flag error). */
export function unknownControllers(list: readonly string[], known: ReadonlySet<string>): string[] {
  return list.filter((item) => item !== '*' && !known.has(item.startsWith('-') ? item.slice(1) : item));
}
