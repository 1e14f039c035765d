import { Injectable } from '@nestjs/common';

/**
 * Told when the worker stops taking jobs, before it waits for the running ones: a provider whose work could keep
 * a running job waiting for good (a send to a dead SMTP server) cuts it short here, so shutdown cannot hang on it.
 */
@Injectable()
export class JobsStopping {
  private readonly listeners = new Set<() => Promise<void> | void>();

  /** Runs `listener` once the jobs stop; returns a function that unsubscribes. */
  whenStopping(listener: () => Promise<void> | void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async notify(): Promise<void> {
    await Promise.all([...this.listeners].map(async (listener) => listener()));
  }
}
