import { Injectable, computed, inject, signal } from '@angular/core';
import { Api, ApiProblem, toApiProblem } from '@kaizen/web/data-access-api';
import {
  NotificationDto,
  PreferencesDto,
  UpcomingReminderDto,
  getNotificationPreferences,
  listNotifications,
  markAllNotificationsRead,
  markNotificationRead,
  myReminders,
  saveNotificationPreferences,
} from '@kaizen/web/data-access-api/follow-up';
import { UnreadNotifications } from './unread-notifications';

/** My notifications, what is coming up for me, and how I want to be told. */
@Injectable({ providedIn: 'root' })
export class NotificationsStore {
  private readonly api = inject(Api);
  private readonly unreadCount = inject(UnreadNotifications);

  private readonly itemsState = signal<readonly NotificationDto[]>([]);
  private readonly nextCursorState = signal<string | null>(null);
  private readonly upcomingState = signal<readonly UpcomingReminderDto[]>([]);
  private readonly preferencesState = signal<PreferencesDto | null>(null);
  private readonly loadingState = signal(false);
  private readonly loadedState = signal(false);
  private readonly errorState = signal<ApiProblem | null>(null);

  readonly items = this.itemsState.asReadonly();
  readonly nextCursor = this.nextCursorState.asReadonly();
  readonly unread = computed(() => this.unreadCount.count() ?? 0);
  readonly upcoming = this.upcomingState.asReadonly();
  readonly preferences = this.preferencesState.asReadonly();
  readonly loading = this.loadingState.asReadonly();
  readonly loaded = this.loadedState.asReadonly();
  readonly error = this.errorState.asReadonly();

  async load(): Promise<void> {
    this.loadingState.set(true);
    this.errorState.set(null);
    try {
      const [page, upcoming] = await Promise.all([
        this.api.invoke(listNotifications, { limit: 30 }),
        this.api.invoke(myReminders),
        this.unreadCount.refresh(),
      ]);
      this.itemsState.set(page.items);
      this.nextCursorState.set(page.nextCursor);
      this.upcomingState.set(upcoming.items);
      this.loadedState.set(true);
    } catch (error) {
      this.errorState.set(toApiProblem(error));
    } finally {
      this.loadingState.set(false);
    }
  }

  async more(): Promise<void> {
    const cursor = this.nextCursorState();
    if (!cursor) return;
    const page = await this.api.invoke(listNotifications, { limit: 30, cursor });
    this.itemsState.update((items) => [...items, ...page.items]);
    this.nextCursorState.set(page.nextCursor);
  }

  async markRead(notification: NotificationDto): Promise<void> {
    if (notification.readAt) return;
    await this.api.invoke(markNotificationRead, { id: notification.id });
    const now = new Date().toISOString();
    this.itemsState.update((items) => items.map((item) => (item.id === notification.id ? { ...item, readAt: now } : item)));
    this.unreadCount.set(this.unread() - 1);
  }

  async markAllRead(): Promise<void> {
    await this.api.invoke(markAllNotificationsRead);
    const now = new Date().toISOString();
    this.itemsState.update((items) => items.map((item) => (item.readAt ? item : { ...item, readAt: now })));
    this.unreadCount.set(0);
  }

  async loadPreferences(): Promise<void> {
    this.errorState.set(null);
    try {
      this.preferencesState.set(await this.api.invoke(getNotificationPreferences));
    } catch (error) {
      this.errorState.set(toApiProblem(error));
    }
  }

  /** Saves; a rejected field comes back as the thrown problem, for the form to show beside it. */
  async savePreferences(preferences: PreferencesDto): Promise<void> {
    this.preferencesState.set(await this.api.invoke(saveNotificationPreferences, { body: preferences }));
  }
}
