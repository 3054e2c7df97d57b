/**
 * Reading ResourceInterpreterCustomization YAML files laid out as Karmada ships its third-party
 * rules: `<root>/<group>/<version>/<Kind>/customizations.yaml`, each a YAML stream.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { isPlainObject } from '../../api/object.js';
import type { ResourceInterpreterCustomization } from '../../api/config/resource-interpreter-customization.js';

/** The file name Karmada uses for a kind's customizations. */
export const CUSTOMIZATIONS_FILE = 'customizations.yaml';

/** A malformed customization file. */
export class CustomizationFileError extends Error {
  constructor(readonly path: string, message: string) {
    super(`${path}: ${message}`);
    this.name = 'CustomizationFileError';
  }
}

/** Every `customizations.yaml` under `root` (not under `testdata`), sorted. */
export function findCustomizationFiles(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'testdata') walk(path);
      } else if (entry.name === CUSTOMIZATIONS_FILE) {
        found.push(path);
      }
    }
  };
  walk(root);
  return found.sort();
}

/** Parses a YAML stream of documents into plain values, failing on YAML errors. */
export function parseYamlStream(text: string, path: string): unknown[] {
  const values: unknown[] = [];
  for (const doc of parseAllDocuments(text)) {
    const error = doc.errors[0];
    if (error !== undefined) throw new CustomizationFileError(path, error.message);
    const value: unknown = doc.toJS();
    if (value !== null && value !== undefined) values.push(value);
  }
  return values;
}

/**
 * Reads one customizations file. When `root` is given, the file must sit at
 * `<group>/<version>/<Kind>/` matching each customization's target, as Karmada checks.
 */
export function readCustomizationsFile(path: string, root?: string): ResourceInterpreterCustomization[] {
  const customizations = parseYamlStream(readFileSync(path, 'utf8'), path).map((value) => {
    if (!isPlainObject(value) || value['kind'] !== 'ResourceInterpreterCustomization' || !isPlainObject(value['spec'])) {
      throw new CustomizationFileError(path, 'not a ResourceInterpreterCustomization');
    }
    return value as unknown as ResourceInterpreterCustomization;
  });
  if (root !== undefined) {
    const parts = relative(root, path).split(sep);
    if (parts.length !== 4) throw new CustomizationFileError(path, 'expected <group>/<version>/<Kind>/customizations.yaml');
    const [group, version, kind] = parts;
    for (const c of customizations) {
      if (c.spec.target?.apiVersion !== `${group}/${version}`) throw new CustomizationFileError(path, `target apiVersion ${c.spec.target?.apiVersion} does not match the directory`);
      if (c.spec.target.kind !== kind) throw new CustomizationFileError(path, `target kind ${c.spec.target.kind} does not match the directory`);
    }
  }
  return customizations;
}

/** Reads every customizations file under `root`. */
export function readCustomizationsTree(root: string): ResourceInterpreterCustomization[] {
  return findCustomizationFiles(root).flatMap((path) => readCustomizationsFile(path, root));
}
