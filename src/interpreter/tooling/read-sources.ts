/**
 * Reading `-f` arguments as kubectl does: a file, a directory (its `.json`, `.yaml` and `.yml`
 * files; subdirectories too with `recursive`), an http(s) URL, or `-` for standard input. Each
 * YAML or JSON document is one object; a `kind: List` contributes its items.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { isPlainObject } from '../../api/object.js';
import type { SourcedObject } from './check-customizations.js';

const EXTENSIONS = new Set(['.json', '.yaml', '.yml']);

/** How sources are reached. */
export interface ReadSourcesOptions {
  /** Descend into subdirectories. */
  readonly recursive?: boolean;
  /** Standard input's text (for `-`). */
  readonly stdin?: () => Promise<string>;
  /** Fetches a URL's text (default: global fetch). */
  readonly fetchText?: (url: string) => Promise<string>;
}

/** Parses a YAML/JSON stream; null documents are skipped, Lists are expanded. */
export function parseDocuments(text: string, source: string): SourcedObject[] {
  const out: SourcedObject[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) throw new Error(`error parsing ${source}: ${doc.errors[0]?.message ?? 'invalid YAML'}`);
    const value: unknown = doc.toJS();
    if (value === null || value === undefined) continue;
    if (isPlainObject(value) && typeof value['kind'] === 'string' && value['kind'].endsWith('List') && Array.isArray(value['items'])) {
      for (const item of value['items']) out.push({ source, object: item });
      continue;
    }
    out.push({ source, object: value });
  }
  return out;
}

async function defaultFetch(url: string): Promise<string> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`unable to read URL "${url}", server reported ${response.status} ${response.statusText}, status code=${response.status}`);
  return response.text();
}

function filesOf(dir: string, recursive: boolean): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (recursive) found.push(...filesOf(path, recursive));
    } else if (EXTENSIONS.has(extname(entry.name))) {
      found.push(path);
    }
  }
  return found;
}

/** Every object of every source, in order. */
export async function readSources(names: readonly string[], options: ReadSourcesOptions = {}): Promise<SourcedObject[]> {
  const out: SourcedObject[] = [];
  for (const name of names) {
    if (name === '-') {
      if (options.stdin === undefined) throw new Error('reading from standard input is not available');
      out.push(...parseDocuments(await options.stdin(), 'STDIN'));
    } else if (/^https?:\/\//.test(name)) {
      out.push(...parseDocuments(await (options.fetchText ?? defaultFetch)(name), name));
    } else {
      let isDirectory: boolean;
      try {
        isDirectory = statSync(name).isDirectory();
      } catch {
        throw new Error(`the path "${name}" does not exist`);
      }
      const files = isDirectory ? filesOf(name, options.recursive === true) : [name];
      for (const file of files) out.push(...parseDocuments(readFileSync(file, 'utf8'), file));
    }
  }
  return out;
}
