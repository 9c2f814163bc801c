// The emulator's configuration: which topics, subscriptions and queues exist, and how they behave.
// Re-exported from index.ts as part of the public API.

export interface SubscriptionDefinition {
  name: string;
  /** Deliveries before a message is dead-lettered with `MaxDeliveryCountExceeded`; default 10. */
  maxDeliveryCount?: number;
  /** Default 60_000. */
  lockDurationInMs?: number;
}

export interface TopicDefinition {
  name: string;
  subscriptions: SubscriptionDefinition[];
  /** A repeated message id within this window is dropped; default 600_000; 0 = off. */
  duplicateDetectionWindowInMs?: number;
}

export interface QueueDefinition {
  name: string;
  maxDeliveryCount?: number;
  lockDurationInMs?: number;
  /** As for topics: default 600_000; 0 = off. */
  duplicateDetectionWindowInMs?: number;
}

export interface ServiceBusEmulatorOptions {
  /** Default 5672; 0 = any free port. */
  port?: number;
  /** Default '127.0.0.1'. */
  host?: string;
  topics?: TopicDefinition[];
  queues?: QueueDefinition[];
}

export const defaultMaxDeliveryCount = 10;
export const defaultLockDurationInMs = 60_000;
export const defaultDuplicateDetectionWindowInMs = 600_000;
