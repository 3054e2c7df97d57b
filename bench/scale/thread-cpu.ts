/**
 * CPU time of one thread of this process, from Linux's /proc (Node 20 has no per-thread CPU
 * API). The event-loop utilization of a thread counts the time it was runnable but waiting for a
 * core too, which on a shared 2-core machine overstates its cost; this is what it actually used.
 */
import { readFileSync, readlinkSync } from 'node:fs';

/** Clock ticks per second of /proc's utime/stime (USER_HZ; 100 on every common Linux build). */
const TICKS_PER_SECOND = 100;

/** The calling thread's id (Linux), or undefined elsewhere. */
export function currentThreadId(): number | undefined {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    return Number.isInteger(tid) ? tid : undefined;
  } catch {
    return undefined;
  }
}

/** User + system CPU milliseconds used so far by thread `tid` of this process, or undefined when unknown. */
export function threadCpuMs(tid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces, so split after its closing parenthesis): utime is the 14th field, stime the 15th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? (ticks * 1000) / TICKS_PER_SECOND : undefined;
  } catch {
    return undefined;
  }
}
