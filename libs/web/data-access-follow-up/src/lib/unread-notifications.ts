import { Injectable, inject, signal } from '@angular/core';
import { Api, unreadNotificationCount } from '@kaizen/web/data-access-api';

/**
 * How many of my notifications I have not read: the header's bell shows it on every page. The app
 * refreshes it; the notifications page sets it as it marks things read, so both always agree.
 */
@Injectable({ providedIn: 'root' })
export class UnreadNotifications {
  private readonly api = inject(Api);
  private readonly countState = signal<number | null>(null);
  private reading: Promise<void> | null = null;

  /** Null until known, and after signing out. */
  readonly count = this.countState.asReadonly();

  /** Reads the figure; calls made while one read is under way share it (a sign-in also navigates). */
  refresh(): Promise<void> {
    this.reading ??= this.read().finally(() => (this.reading = null));
    return this.reading;
  }

  private async read(): Promise<void> {
    try {
      this.countState.set((await this.api.invoke(unreadNotificationCount)).count);
    } catch {
      // The bell keeps its last figure; the notifications page shows what went wrong.
    }
  }

  set(count: number): void {
    this.countState.set(Math.max(0, count));
  }

  forget(): void {
    this.countState.set(null);
  }
}
