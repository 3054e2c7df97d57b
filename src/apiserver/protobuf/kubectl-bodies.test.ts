import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { decodeProtobufObject } from './decode.js';
import { PROTOBUF_MEDIA_TYPE } from './envelope.js';

/**
 * Bodies recorded from real kubectl binaries (scripts/capture-kubectl-bodies.ts). kubectl 1.31
 * sent the same typed-client writes as JSON, so the decoded 1.32/1.33 protobuf bodies must equal
 * the 1.31 JSON (whose `null`s mean "absent").
 */
interface Captured {
  kubectl: string;
  command: string[];
  method: string;
  path: string;
  contentType: string;
  body: string;
}

const fixtures = JSON.parse(readFileSync(new URL('./testdata/kubectl-bodies.json', import.meta.url), 'utf8')) as {
  bodies: Captured[];
};

function dropNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dropNulls);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== null)
        .map(([k, v]) => [k, dropNulls(v)]),
    );
  }
  return value;
}

/** Known, intended differences from the JSON: TokenRequestStatus.token is +optional, its "" is unset. */
const JSON_ONLY: Readonly<Record<string, (json: Record<string, unknown>) => void>> = {
  'create token bot --duration=1h': (json) => {
    const status = json['status'] as Record<string, unknown>;
    delete status['token'];
  },
};

describe('real kubectl protobuf bodies', () => {
  const protobufBodies = fixtures.bodies.filter((b) => b.contentType === PROTOBUF_MEDIA_TYPE);

  it('were captured from kubectl 1.32 and 1.33 for the typed writes', () => {
    const versions = new Set(protobufBodies.map((b) => b.kubectl));
    assert.deepEqual([...versions].sort(), ['1.32', '1.33']);
    const commands = new Set(protobufBodies.map((b) => b.command.slice(0, 2).join(' ')));
    for (const c of ['create namespace', 'create configmap', 'create secret', 'create deployment', 'create service', 'create role', 'create rolebinding', 'auth can-i']) {
      assert.ok(commands.has(c), c);
    }
  });

  for (const body of protobufBodies) {
    const command = body.command.join(' ');
    it(`kubectl ${body.kubectl} ${command}`, () => {
      const reference = fixtures.bodies.find(
        (b) => b.kubectl === '1.31' && b.command.join(' ') === command && b.contentType === 'application/json',
      );
      assert.ok(reference, 'kubectl 1.31 JSON body for the same command');
      const decoded = decodeProtobufObject(Buffer.from(body.body, 'base64'));
      const json = dropNulls(JSON.parse(Buffer.from(reference.body, 'base64').toString('utf8'))) as Record<
        string,
        unknown
      >;
      JSON_ONLY[command]?.(json);
      assert.equal(decoded.apiVersion, json['apiVersion']);
      assert.equal(decoded.kind, json['kind']);
      assert.deepEqual(decoded.object, json);
    });
  }
});
