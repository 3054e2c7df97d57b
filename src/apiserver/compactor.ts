import type { Logger } from 'pino';
import type { Store } from '../storage/storage.js';

/** kube-apiserver compacts storage every 5 minutes, keeping the history since the previous run. */
const DEFAULT_INTERVAL_MS = 5 * 60 * 1000;

/** Periodically compacts storage to the revision seen one interval earlier. */
export class Compactor {
  private timer: NodeJS.Timeout | undefined;
  private previous = 0;

  constructor(
    private readonly store: Store,
    private readonly logger: Logger,
    private readonly intervalMs = DEFAULT_INTERVAL_MS,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer !== undefined) {
      clearInterval(this.timer);
    }
  }

  private async tick(): Promise<void> {
    try {
      const current = await this.store.currentRevision();
      if (this.previous > 0 && this.previous > (await this.store.compactedRevision())) {
        await this.store.compact(this.previous);
      }
      this.previous = current;
    } catch (error) {
      this.logger.warn({ err: error }, 'compaction failed');
    }
  }
}
