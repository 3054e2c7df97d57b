/** An in-process CPU profile (the same .cpuprofile format `node --cpu-prof` writes), started and stopped around the phases that matter. */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';

export interface CpuProfiler {
  stop(): Promise<string>;
}

export async function startCpuProfile(path: string, samplingIntervalUs = 1000): Promise<CpuProfiler> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: samplingIntervalUs });
  await session.post('Profiler.start');
  return {
    async stop() {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(path, JSON.stringify(profile));
      session.disconnect();
      return path;
    },
  };
}
