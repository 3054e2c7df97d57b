import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Writes `text` to `dir/name` (manifests a test hands to kubectl -f) and returns the path. */
export function writeFileIn(dir: string, name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}
