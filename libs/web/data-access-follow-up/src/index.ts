export { NotificationsStore } from './lib/notifications.store';
export { ReviewsStore } from './lib/reviews.store';
export { WebhooksStore } from './lib/webhooks.store';
