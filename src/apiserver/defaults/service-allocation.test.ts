import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AllocationError, ClusterIpAllocator, NodePortAllocator } from './cluster-ip-allocator.js';
import { allocateServiceAddresses, applyServiceDefaults, preserveAllocatedServiceFields } from './service-defaults.js';

describe('ClusterIpAllocator', () => {
  it('allocates deterministically inside 10.96.0.0/12 and never twice', () => {
    const a = new ClusterIpAllocator();
    const b = new ClusterIpAllocator();
    const ip1 = a.allocate('default/web');
    assert.equal(b.allocate('default/web'), ip1);
    assert.ok(a.contains(ip1));
    const seen = new Set<string>([ip1]);
    for (let i = 0; i < 200; i++) {
      const ip = a.allocate('default/web');
      assert.ok(!seen.has(ip), ip);
      seen.add(ip);
    }
  });

  it('reserves specific addresses with upstream errors', () => {
    const a = new ClusterIpAllocator('10.96.0.0/12', ['10.96.0.10']);
    assert.equal(a.firstAddress(), '10.96.0.1');
    a.allocateSpecific('10.96.0.1');
    assert.throws(() => a.allocateSpecific('10.96.0.10'), (e: unknown) => e instanceof AllocationError && e.detail === 'provided IP is already allocated');
    assert.throws(() => a.allocateSpecific('10.0.0.1'), {
      message: 'the provided IP (10.0.0.1) is not in the valid range. The range of valid IPs is 10.96.0.0/12',
    });
  });

  it('fills a small range completely, then reports it full', () => {
    const a = new ClusterIpAllocator('10.0.0.0/28');
    const got = new Set<string>();
    for (let i = 0; i < 14; i++) {
      got.add(a.allocate(String(i)));
    }
    assert.equal(got.size, 14);
    assert.throws(() => a.allocate('x'), AllocationError);
  });
});

describe('allocateServiceAddresses', () => {
  it('gives a ClusterIP service an address and single-stack IPv4', () => {
    const svc: Record<string, unknown> = { metadata: { name: 'web', namespace: 'default' }, spec: { ports: [{ port: 80 }] } };
    applyServiceDefaults(svc);
    const errs = allocateServiceAddresses(svc, new ClusterIpAllocator(), new NodePortAllocator());
    assert.deepEqual(errs, []);
    const spec = svc['spec'] as Record<string, unknown>;
    assert.match(String(spec['clusterIP']), /^10\.(9[6-9]|10[0-9]|11[01])\.\d+\.\d+$/);
    assert.deepEqual(spec['clusterIPs'], [spec['clusterIP']]);
    assert.equal(spec['ipFamilyPolicy'], 'SingleStack');
    assert.deepEqual(spec['ipFamilies'], ['IPv4']);
  });

  it('allocates node ports and reports taken ones', () => {
    const ports = new NodePortAllocator(30000, 32767, [30080]);
    const svc: Record<string, unknown> = {
      metadata: { name: 'np', namespace: 'default' },
      spec: { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }, { port: 81 }] },
    };
    applyServiceDefaults(svc);
    const errs = allocateServiceAddresses(svc, new ClusterIpAllocator(), ports);
    assert.equal(errs.length, 1);
    assert.equal(`${errs[0]?.field}: ${errs[0]?.message}`, 'spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated');
    const second = ((svc['spec'] as Record<string, unknown>)['ports'] as Record<string, unknown>[])[1];
    assert.ok(typeof second?.['nodePort'] === 'number' && second['nodePort'] >= 30000 && second['nodePort'] <= 32767);
  });

  it('reports a taken cluster IP like upstream', () => {
    const svc: Record<string, unknown> = { metadata: { name: 'x' }, spec: { clusterIP: '10.96.0.10', ports: [{ port: 53 }] } };
    const errs = allocateServiceAddresses(svc, new ClusterIpAllocator('10.96.0.0/12', ['10.96.0.10']), new NodePortAllocator());
    assert.equal(
      `${errs[0]?.field}: ${errs[0]?.message}`,
      'spec.clusterIPs: Invalid value: ["10.96.0.10"]: failed to allocate IP 10.96.0.10: provided IP is already allocated',
    );
  });

  it('leaves headless and ExternalName services without an address', () => {
    const headless: Record<string, unknown> = { metadata: { name: 'h' }, spec: { clusterIP: 'None', selector: { app: 'db' } } };
    allocateServiceAddresses(headless, new ClusterIpAllocator(), new NodePortAllocator());
    assert.deepEqual(headless['spec'], {
      clusterIP: 'None',
      clusterIPs: ['None'],
      selector: { app: 'db' },
      ipFamilyPolicy: 'SingleStack',
      ipFamilies: ['IPv4'],
    });
    const ext: Record<string, unknown> = { metadata: { name: 'e' }, spec: { type: 'ExternalName', externalName: 'example.com' } };
    allocateServiceAddresses(ext, new ClusterIpAllocator(), new NodePortAllocator());
    assert.deepEqual(ext['spec'], { type: 'ExternalName', externalName: 'example.com' });
  });
});

describe('preserveAllocatedServiceFields', () => {
  it('copies allocated values the update left out', () => {
    const old = {
      spec: {
        type: 'NodePort',
        clusterIP: '10.96.5.5',
        clusterIPs: ['10.96.5.5'],
        ipFamilies: ['IPv4'],
        ipFamilyPolicy: 'SingleStack',
        ports: [{ name: 'http', port: 80, nodePort: 31000 }],
      },
    };
    const next: Record<string, unknown> = { spec: { type: 'NodePort', ports: [{ name: 'http', port: 8080 }] } };
    preserveAllocatedServiceFields(next, old);
    assert.deepEqual(next['spec'], {
      type: 'NodePort',
      clusterIP: '10.96.5.5',
      clusterIPs: ['10.96.5.5'],
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      ports: [{ name: 'http', port: 8080, nodePort: 31000 }],
    });
  });
});
