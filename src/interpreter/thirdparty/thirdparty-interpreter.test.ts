import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createThirdPartyInterpreter, defaultThirdPartyDirectory } from './thirdparty-interpreter.js';
import { findCustomizationFiles, readCustomizationsTree } from './load-customizations.js';

const SHARED = fileURLToPath(new URL('../../../../shared/conformance/karmada-thirdparty/', import.meta.url));

describe('third-party customizations', () => {
  it('bundles the 27 kinds Karmada ships, each in its <group>/<version>/<Kind> folder', () => {
    const customizations = readCustomizationsTree(defaultThirdPartyDirectory());
    assert.equal(customizations.length, 27);
    assert.ok(existsSync(join(defaultThirdPartyDirectory(), 'LICENSE')));
  });
  it('loads them as the thirdparty layer', () => {
    const layer = createThirdPartyInterpreter();
    assert.equal(layer.name, 'thirdparty');
    assert.equal(layer.targets().length, 27);
    assert.equal(layer.hookEnabled({ apiVersion: 'apps.kruise.io/v1alpha1', kind: 'CloneSet' }, 'InterpretReplica'), true);
    assert.equal(layer.hookEnabled({ apiVersion: 'apps/v1', kind: 'Deployment' }, 'InterpretReplica'), false);
  });
  it('is byte-for-byte the conformance copy', { skip: existsSync(SHARED) ? false : 'no shared conformance data' }, () => {
    const bundled = findCustomizationFiles(defaultThirdPartyDirectory()).map((f) => relative(defaultThirdPartyDirectory(), f));
    const shared = findCustomizationFiles(SHARED).map((f) => relative(SHARED, f));
    assert.deepEqual(bundled, shared);
    for (const file of bundled) assert.equal(readFileSync(join(defaultThirdPartyDirectory(), file), 'utf8'), readFileSync(join(SHARED, file), 'utf8'), file);
  });
  it('an empty or missing folder gives an empty layer', () => {
    assert.equal(createThirdPartyInterpreter({ directory: '/nonexistent' }).targets().length, 0);
  });
});
