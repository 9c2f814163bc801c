// The emulator's configuration: which topics, subscriptions (with their rules) and queues exist, how they
// behave, and where the emulator keeps its state. Re-exported from index.ts as part of the public API.

/** A subscription rule's filter: a SQL expression, a correlation filter, or true/false for everything/nothing. */
export type RuleFilterDefinition =
  | { sql: string }
  | { correlation: CorrelationFilterDefinition }
  | { true: true }
  | { false: true };

export interface CorrelationFilterDefinition {
  correlationId?: string;
  messageId?: string;
  to?: string;
  replyTo?: string;
  /** Also called `label`; both spellings are accepted. */
  subject?: string;
  label?: string;
  sessionId?: string;
  replyToSessionId?: string;
  contentType?: string;
  /** Application properties that must all be equal. */
  properties?: Record<string, string | number | boolean>;
}

export interface RuleDefinition {
  name: string;
  filter: RuleFilterDefinition;
  /** A SQL rule action, e.g. `SET priority = 'high'`. */
  action?: { sql: string };
}

export interface SubscriptionDefinition {
  name: string;
  /** Deliveries before a message is dead-lettered with `MaxDeliveryCountExceeded`; default 10. */
  maxDeliveryCount?: number;
  /** Default 60_000. */
  lockDurationInMs?: number;
  /** Messages must carry a session id and are received through session receivers; default false. */
  requiresSession?: boolean;
  /** Default: one rule, `$Default`, with a true filter (every message). */
  rules?: RuleDefinition[];
  adminProperties?: AdminProperties;
}

export interface TopicDefinition {
  name: string;
  subscriptions: SubscriptionDefinition[];
  /** A repeated message id within this window is dropped; default 600_000; 0 = off. */
  duplicateDetectionWindowInMs?: number;
  adminProperties?: AdminProperties;
}

export interface QueueDefinition {
  name: string;
  maxDeliveryCount?: number;
  lockDurationInMs?: number;
  /** As for topics: default 600_000; 0 = off. */
  duplicateDetectionWindowInMs?: number;
  requiresSession?: boolean;
  adminProperties?: AdminProperties;
}

/** Every entity, as persistence keeps it and the entities file declares it. */
export interface NamespaceDefinitions {
  topics: TopicDefinition[];
  queues: QueueDefinition[];
}

/**
 * Description fields the administration API set that the emulator reports back but does not act on (e.g.
 * `MaxSizeInMegabytes`, `UserMetadata`), by their Atom element name.
 */
export type AdminProperties = Record<string, string>;

export interface ServiceBusEmulatorOptions {
  /** Default 5672; 0 = any free port. AMQP and the administration API (HTTPS) share it. */
  port?: number;
  /** Default '127.0.0.1'. */
  host?: string;
  topics?: TopicDefinition[];
  queues?: QueueDefinition[];
  /**
   * Keep entities, messages, duplicate-detection history and session state in this folder, written before
   * anything is acknowledged; without it everything stays in memory.
   */
  persistFolder?: string;
  /**
   * Where the administration API's certificate (and its key) are kept; default: `persistFolder`, else a
   * folder under the OS temporary directory. Reused while valid, so a client's trust survives restarts.
   */
  certificateFolder?: string;
}

export const defaultMaxDeliveryCount = 10;
export const defaultLockDurationInMs = 60_000;
export const defaultDuplicateDetectionWindowInMs = 600_000;
export const defaultRuleName = '$Default';
