import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseQuantity } from '../../interpreter/kube/quantity.js';
import { cpuText, memoryText, renderNodeTable, renderPodTable, usageOf } from './top-printer.js';

describe('top printer', () => {
  it('sums container usage and prints millicores and Mi', () => {
    const u = usageOf({
      containers: [
        { name: 'a', usage: { cpu: '1500000n', memory: '2048Ki' } },
        { name: 'b', usage: { cpu: '1500000n', memory: '1Mi' } },
      ],
    });
    assert.equal(cpuText(u.cpu), '3m');
    assert.equal(memoryText(u.memory), '3Mi');
  });

  it('prints pods with a CLUSTER column, sorted by name, with a sum', () => {
    const row = (name: string, cpu: string, memory: string) => ({
      cluster: 'member1',
      namespace: 'default',
      name,
      cpu: parseQuantity(cpu),
      memory: parseQuantity(memory),
    });
    const text = renderPodTable([row('web', '5m', '10Mi'), row('api', '20m', '30Mi')], {
      withNamespace: false,
      containers: false,
      noHeaders: false,
      sum: true,
    });
    assert.equal(
      text,
      [
        'NAME   CLUSTER   CPU(cores)   MEMORY(bytes)',
        'web    member1   5m           10Mi',
        'api    member1   20m          30Mi',
        '                 ________     ________',
        '                 25m          40Mi',
        '',
      ].join('\n'),
    );
  });

  it('prints nodes with percentages of allocatable and <unknown> for nodes without metrics', () => {
    const q = parseQuantity;
    const text = renderNodeTable(
      [
        { cluster: 'member2', name: 'n2', allocatable: { cpu: q('4'), memory: q('8Gi') } },
        { cluster: 'member1', name: 'n1', usage: { cpu: q('1'), memory: q('2Gi') }, allocatable: { cpu: q('4'), memory: q('8Gi') } },
      ],
      { noHeaders: false },
    );
    assert.equal(
      text,
      [
        'NAME   CLUSTER   CPU(cores)   CPU%        MEMORY(bytes)   MEMORY%',
        'n1     member1   1000m        25%         2048Mi          25%',
        'n2     member2   <unknown>    <unknown>   <unknown>       <unknown>',
        '',
      ].join('\n'),
    );
  });
});
