import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inTreeRegistry } from '../plugins/registry.js';
import { parseEnableList, PluginRegistry, PluginRegistryError } from './registry.js';

const ALL = ['APIEnablement', 'ClusterAffinity', 'ClusterEviction', 'ClusterLocality', 'SpreadConstraint', 'TaintToleration'];

describe('PluginRegistry', () => {
  it('refuses a duplicate name', () => {
    const r = new PluginRegistry().register('A', () => ({ name: 'A' }));
    assert.throws(() => r.register('A', () => ({ name: 'A' })), PluginRegistryError);
    assert.throws(() => r.merge(new PluginRegistry().register('A', () => ({ name: 'A' }))), PluginRegistryError);
  });

  it('refuses to unregister an unknown name', () => {
    assert.throws(() => new PluginRegistry().unregister('nope'), PluginRegistryError);
  });

  const cases: Array<[string, string[], string[]]> = [
    ['default is everything', [], ALL],
    ['* enables all', ['*'], ALL],
    ['*,-Name disables one', ['*,-TaintToleration'], ALL.filter((n) => n !== 'TaintToleration')],
    ['-Name before * works too', ['-ClusterLocality', '*'], ALL.filter((n) => n !== 'ClusterLocality')],
    ['explicit names only', ['TaintToleration', 'APIEnablement'], ['APIEnablement', 'TaintToleration']],
  ];
  for (const [name, list, want] of cases) {
    it(name, () => {
      const plugins = inTreeRegistry().build(list.length === 0 ? undefined : list);
      assert.deepEqual(plugins.map((p) => p.name), want);
    });
  }

  it('refuses unknown plugin names in the enable list', () => {
    assert.throws(() => inTreeRegistry().build(['*', '-Typo']), /unknown scheduler plugin "Typo"/);
    assert.throws(() => inTreeRegistry().build(['Typo']), PluginRegistryError);
  });

  it('refuses a factory whose plugin reports another name', () => {
    assert.throws(() => new PluginRegistry().register('A', () => ({ name: 'B' })).build(), PluginRegistryError);
  });

  it('parses comma lists and blanks', () => {
    assert.deepEqual(parseEnableList(['*, -A', '', 'B']), { all: true, enable: ['B'], disable: ['A'] });
  });
});
