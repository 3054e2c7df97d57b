import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createThirdPartyInterpreter } from './thirdparty-interpreter.js';
import { readCustomizationsTree } from './load-customizations.js';

// Karmada's scripts stay in ../shared; they are not copied into this tree.
const SHARED = fileURLToPath(new URL('../../../../shared/conformance/karmada-thirdparty/', import.meta.url));
const skip = existsSync(SHARED) ? false : 'no shared conformance data';

describe('third-party customizations', () => {
  it('reads the 27 kinds Karmada ships, each in its <group>/<version>/<Kind> folder', { skip }, () => {
    assert.equal(readCustomizationsTree(SHARED).length, 27);
  });
  it('loads them as the thirdparty layer', { skip }, () => {
    const layer = createThirdPartyInterpreter({ directory: SHARED });
    assert.equal(layer.name, 'thirdparty');
    assert.equal(layer.targets().length, 27);
    assert.equal(layer.hookEnabled({ apiVersion: 'apps.kruise.io/v1alpha1', kind: 'CloneSet' }, 'InterpretReplica'), true);
    assert.equal(layer.hookEnabled({ apiVersion: 'apps/v1', kind: 'Deployment' }, 'InterpretReplica'), false);
  });
  it('an empty or missing folder gives an empty layer', () => {
    assert.equal(createThirdPartyInterpreter({ directory: '/nonexistent' }).targets().length, 0);
  });
});
