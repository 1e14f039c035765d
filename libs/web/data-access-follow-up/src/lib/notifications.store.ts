import { Injectable, computed, inject, signal } from '@angular/core';
import { Api, ApiProblem, LoadState, PagedList, toApiProblem } from '@kaizen/web/data-access-api';
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

  private readonly pages = new PagedList<NotificationDto>((cursor) =>
    this.api.invoke(listNotifications, { limit: 30, ...(cursor ? { cursor } : {}) }),
  );
  private readonly upcomingState = signal<readonly UpcomingReminderDto[]>([]);
  private readonly preferencesState = signal<PreferencesDto | null>(null);
  private readonly state = new LoadState();
  private readonly preferencesError = signal<ApiProblem | null>(null);

  readonly items = this.pages.items;
  readonly nextCursor = this.pages.nextCursor;
  readonly unread = computed(() => this.unreadCount.count() ?? 0);
  readonly upcoming = this.upcomingState.asReadonly();
  readonly preferences = this.preferencesState.asReadonly();
  readonly loading = computed(() => this.pages.loading() || this.state.loading());
  readonly loadingMore = this.pages.loadingMore;
  readonly loaded = computed(() => this.pages.loaded() && this.state.loaded());
  readonly error = computed(() => this.pages.error() ?? this.state.error() ?? this.preferencesError());

  async load(): Promise<void> {
    await Promise.all([
      this.pages.load(),
      this.state.track(async () => {
        const [upcoming] = await Promise.all([this.api.invoke(myReminders), this.unreadCount.refresh()]);
        this.upcomingState.set(upcoming.items);
      }),
    ]);
  }

  async more(): Promise<void> {
    await this.pages.more();
  }

  async markRead(notification: NotificationDto): Promise<void> {
    if (notification.readAt) return;
    await this.api.invoke(markNotificationRead, { id: notification.id });
    const now = new Date().toISOString();
    this.pages.update((items) =>
      items.map((item) => (item.id === notification.id ? { ...item, readAt: now } : item)),
    );
    this.unreadCount.set(this.unread() - 1);
  }

  async markAllRead(): Promise<void> {
    await this.api.invoke(markAllNotificationsRead);
    const now = new Date().toISOString();
    this.pages.update((items) => items.map((item) => (item.readAt ? item : { ...item, readAt: now })));
    this.unreadCount.set(0);
  }

  async loadPreferences(): Promise<void> {
    this.preferencesError.set(null);
    try {
      this.preferencesState.set(await this.api.invoke(getNotificationPreferences));
    } catch (error) {
      this.preferencesError.set(toApiProblem(error));
    }
  }

  /** Saves; a rejected field comes back as the thrown problem, for the form to show beside it. */
  async savePreferences(preferences: PreferencesDto): Promise<void> {
    this.preferencesState.set(await this.api.invoke(saveNotificationPreferences, { body: preferences }));
  }
}
