/** The value the durability writer stores for object i (deterministic, varied in size). */
export function expectedValue(i: number): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: `cm-${i}`, namespace: 'durability' },
    data: { payload: 'x'.repeat(i % 700) },
  });
}
