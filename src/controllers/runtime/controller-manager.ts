/**
 * Runs a set of named controllers (chosen by a `--controllers` list) plus always-on
 * runnables, sharing one informer factory, optionally only while holding a leader Lease.
 */
import type { Registry } from 'prom-client';
import type { KubeClient } from '../../client/client.js';
import type { Clock } from '../../client/clock.js';
import { realClock } from '../../client/clock.js';
import type { LeaderElectionConfig } from '../../client/leader-election.js';
import { LeaderElector } from '../../client/leader-election.js';
import type { Logger } from '../../client/logger.js';
import { noopLogger } from '../../client/logger.js';
import { SharedInformerFactory } from '../../client/shared-informer-factory.js';
import type { Runnable } from './controller.js';
import { isControllerEnabled, unknownControllers } from './controller-list.js';

/** What a controller's setup receives. The informer factory is started after every setup ran. */
export interface ControllerContext {
  readonly client: KubeClient;
  readonly informers: SharedInformerFactory;
  readonly registry: Registry | undefined;
  readonly logger: Logger;
  readonly clock: Clock;
  /** Aborts when the manager stops (or leadership is lost). */
  readonly signal: AbortSignal;
}

export interface ControllerRegistration {
  readonly name: string;
  /** Not enabled by `*` (e.g. Karmada's hpaScaleTargetMarker). */
  readonly disabledByDefault?: boolean;
  /** Builds the controller (watches registered, not started). */
  setup(ctx: ControllerContext): Runnable | Promise<Runnable>;
}

export interface ControllerManagerOptions {
  readonly client: KubeClient;
  readonly registry?: Registry;
  readonly logger?: Logger;
  readonly clock?: Clock;
  /** The `--controllers` list (default `['*']`). */
  readonly controllers?: readonly string[];
  /** Run only while holding this lease. */
  readonly leaderElection?: Omit<LeaderElectionConfig, 'client' | 'onStartedLeading' | 'onStoppedLeading' | 'clock' | 'logger'> & {
    readonly client?: KubeClient;
  };
}

/** The manager lost its lease while running: the process should exit (as Karmada's does). */
export class LeadershipLostError extends Error {
  constructor(identity: string) {
    super(`leader election lost (identity ${identity})`);
    this.name = 'LeadershipLostError';
  }
}

export class ControllerManager {
  private readonly registrations = new Map<string, ControllerRegistration>();
  private readonly runnables: { name: string; setup: (ctx: ControllerContext) => Runnable | Promise<Runnable> }[] = [];
  private readonly logger: Logger;
  private readonly clock: Clock;
  private readonly list: readonly string[];

  constructor(private readonly options: ControllerManagerOptions) {
    this.logger = options.logger ?? noopLogger;
    this.clock = options.clock ?? realClock;
    this.list = options.controllers ?? ['*'];
  }

  /** Registers a named controller, subject to the `--controllers` list. */
  register(registration: ControllerRegistration): this {
    if (this.registrations.has(registration.name)) {
      throw new Error(`controller "${registration.name}" registered twice`);
    }
    this.registrations.set(registration.name, registration);
    return this;
  }

  /** Adds an always-on runnable (not in the `--controllers` list). */
  addRunnable(name: string, setup: (ctx: ControllerContext) => Runnable | Promise<Runnable>): this {
    this.runnables.push({ name, setup });
    return this;
  }

  /** Every registered controller name. */
  knownControllers(): string[] {
    return [...this.registrations.keys()];
  }

  /** The registered controllers the list enables, in registration order. */
  enabledControllers(): string[] {
    const disabled = new Set([...this.registrations.values()].filter((r) => r.disabledByDefault === true).map((r) => r.name));
    return [...this.registrations.keys()].filter((name) => isControllerEnabled(name, this.list, disabled));
  }

  /** Throws when the list names controllers that are not registered. */
  validate(): void {
    const unknown = unknownControllers(this.list, new Set(this.registrations.keys()));
    if (unknown.length > 0) {
      throw new Error(`unknown controllers in --controllers: ${unknown.join(', ')}`);
    }
  }

  /**
   * Runs until signal aborts. With leader election, controllers run only while leading; a
   * lost lease stops them and rejects with LeadershipLostError.
   */
  async start(signal: AbortSignal): Promise<void> {
    this.validate();
    const le = this.options.leaderElection;
    if (le === undefined) {
      await this.runAll(signal);
      return;
    }
    let term: Promise<void> | undefined;
    let failure: unknown;
    // A failing controller also ends the campaign (the lease is released).
    const campaign = new AbortController();
    const onAbort = (): void => campaign.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    if (signal.aborted) {
      campaign.abort();
    }
    const elector = new LeaderElector({
      ...le,
      client: le.client ?? this.options.client,
      clock: this.clock,
      logger: this.logger,
      onStartedLeading: (leading) => {
        term = this.runAll(leading).catch((err: unknown) => {
          failure ??= err;
          campaign.abort();
        });
      },
    });
    try {
      await elector.run(campaign.signal);
      await term;
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
    if (failure !== undefined) {
      throw failure;
    }
    if (!signal.aborted) {
      throw new LeadershipLostError(le.identity);
    }
  }

  /** Sets up and runs every enabled controller and runnable until signal aborts or one fails. */
  private async runAll(outer: AbortSignal): Promise<void> {
    const abort = new AbortController();
    const onAbort = (): void => abort.abort();
    outer.addEventListener('abort', onAbort, { once: true });
    if (outer.aborted) {
      abort.abort();
    }
    const informers = new SharedInformerFactory(this.options.client, { clock: this.clock, logger: this.logger });
    const ctx: ControllerContext = {
      client: this.options.client,
      informers,
      registry: this.options.registry,
      logger: this.logger,
      clock: this.clock,
      signal: abort.signal,
    };
    try {
      const started: { name: string; runnable: Runnable }[] = [];
      for (const { name, setup } of this.runnables) {
        started.push({ name, runnable: await setup(ctx) });
      }
      for (const name of this.enabledControllers()) {
        const registration = this.registrations.get(name);
        if (registration !== undefined) {
          this.logger.info({ controller: name }, 'starting controller');
          started.push({ name, runnable: await registration.setup(ctx) });
        }
      }
      informers.start();
      let firstError: unknown;
      await Promise.all(
        started.map(({ name, runnable }) =>
          runnable.start(abort.signal).catch((err: unknown) => {
            this.logger.error({ err, controller: name }, 'controller failed');
            firstError ??= err;
            abort.abort();
          }),
        ),
      );
      if (firstError !== undefined) {
        throw firstError;
      }
      if (!abort.signal.aborted) {
        // Every runnable returned on its own: wait for the stop signal anyway.
        await new Promise<void>((resolve) => abort.signal.addEventListener('abort', () => resolve(), { once: true }));
      }
    } finally {
      outer.removeEventListener('abort', onAbort);
      abort.abort();
      await informers.stop();
    }
  }
}
