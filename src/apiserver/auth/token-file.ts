import { readFileSync } from 'node:fs';
import { parseCsv } from './csv.js';
import type { UserInfo } from './user-info.js';

/** Why a token file was refused; the message names the file as kube-apiserver's does. */
export class TokenFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TokenFileError';
  }
}

/** The result of reading a static token file: token -> user, plus warnings kube-apiserver would log. */
export interface StaticTokens {
  readonly tokens: ReadonlyMap<string, UserInfo>;
  readonly warnings: readonly string[];
}

/**
 * Parses kube-apiserver's `--token-auth-file` CSV: `token,user,uid[,"group1,group2"]` per line.
 * Fewer than 3 columns fails; empty tokens are skipped and duplicate tokens replace the earlier
 * record, each with a warning (as upstream's tokenfile.NewCSV).
 */
export function parseTokenFile(text: string, path = '<token file>'): StaticTokens {
  let records: string[][];
  try {
    records = parseCsv(text);
  } catch (error) {
    throw new TokenFileError(error instanceof Error ? error.message : String(error));
  }
  const tokens = new Map<string, UserInfo>();
  const warnings: string[] = [];
  let recordNum = 0;
  for (const record of records) {
    if (record.length < 3) {
      throw new TokenFileError(`token file '${path}' must have at least 3 columns (token, user name, user uid), found ${record.length}`);
    }
    recordNum++;
    const [token = '', name = '', uid = '', groups] = record;
    if (token === '') {
      warnings.push(`empty token has been found in token file '${path}', record number '${recordNum}'`);
      continue;
    }
    if (tokens.has(token)) {
      warnings.push(`duplicate token has been found in token file '${path}', record number '${recordNum}'`);
    }
    tokens.set(token, { name, uid, groups: groups === undefined ? [] : groups.split(',') });
  }
  return { tokens, warnings };
}

/** Reads and parses a token file from disk. */
export function loadTokenFile(path: string): StaticTokens {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new TokenFileError(`failed to read token file '${path}': ${error instanceof Error ? error.message : String(error)}`);
  }
  return parseTokenFile(text, path);
}
