// Error factory for the Service Bus emulator: one function per AMQP error the SDK translates into a
// ServiceBusError, so the handlers and the model name the failure and each condition/description pairing
// lives in one place (as Azurite's error factories do).

/** Why an operation failed, as the AMQP error (condition and description) the SDK translates. */
export interface BrokerError {
  condition: string;
  description: string;
}

/** `MessagingEntityNotFound`: a link to an entity the namespace does not have. */
export const entityNotFound = (entity: string): BrokerError => ({
  condition: 'amqp:not-found',
  description: `The messaging entity '${entity}' could not be found.`,
});

/** `MessageLockLost`: settling or renewing a lock that expired, or a message already settled. */
export const messageLockLost = (lockToken: string): BrokerError => ({
  condition: 'com.microsoft:message-lock-lost',
  description: `The lock ${lockToken} is lost: it expired, or the message was already settled.`,
});

/** A dead-letter queue's messages cannot be dead-lettered again. */
export const deadLetterOfDeadLetterQueue = (): BrokerError => ({
  condition: 'amqp:not-allowed',
  description: 'A dead-letter queue has no dead-letter queue of its own.',
});

/** `MessageNotFound`: no deferred message with this sequence number (receive-by-sequence-number). */
export const messageNotFound = (sequenceNumber: number): BrokerError => ({
  condition: 'com.microsoft:message-not-found',
  description: `Failed to lock one or more specified messages: there is no deferred message ${sequenceNumber}.`,
});

/** `SessionLockLost`: the session's lock expired, or its receiver is gone. */
export const sessionLockLost = (sessionId: string): BrokerError => ({
  condition: 'com.microsoft:session-lock-lost',
  description: `The session lock has expired on the session with id ${sessionId}.`,
});

/** `SessionCannotBeLocked`: another receiver holds the session. */
export const sessionCannotBeLocked = (sessionId: string): BrokerError => ({
  condition: 'com.microsoft:session-cannot-be-locked',
  description: `The requested session '${sessionId}' cannot be accepted. It may be locked by another receiver.`,
});

/** acceptNextSession found no session within its time, as Service Bus answers after its operation timeout. */
export const noSessionAvailable = (): BrokerError => ({
  condition: 'com.microsoft:timeout',
  description: 'No unlocked session with messages became available within the operation timeout.',
});

/** Sessions and plain receivers do not mix: each entity is one or the other. */
export const sessionMismatch = (entity: string, requiresSession: boolean): BrokerError => ({
  condition: 'amqp:not-allowed',
  description: requiresSession
    ? `It is not possible for an entity that requires sessions ('${entity}') to create a non-sessionful message receiver.`
    : `It is not possible for an entity that does not require sessions ('${entity}') to create a sessionful message receiver.`,
});

/** A message without a session id sent to a session-enabled entity. */
export const sessionIdMissing = (entity: string): BrokerError => ({
  condition: 'amqp:not-allowed',
  description:
    `The SessionId was not set on a message, and it cannot be sent to the entity '${entity}'. Entities that ` +
    'have session support enabled can only receive messages that have the SessionId set to a valid value.',
});

/** `MessagingEntityAlreadyExists`: a rule (or entity) with this name already exists. */
export const alreadyExists = (what: string): BrokerError => ({
  condition: 'com.microsoft:entity-already-exists',
  description: `${what} already exists.`,
});

/** A malformed request: a SQL filter that does not parse, a missing field. */
export const badRequest = (description: string): BrokerError => ({
  condition: 'com.microsoft:argument-error',
  description,
});

export const notImplemented = (what: string): BrokerError => ({
  condition: 'amqp:not-implemented',
  description: `The emulator does not implement ${what}.`,
});

export const managementOperationNotImplemented = (operation: string): BrokerError => ({
  condition: 'amqp:not-implemented',
  description: `The emulator does not implement the management operation '${operation}'.`,
});

export const unknownDisposition = (): BrokerError => ({
  condition: 'com.microsoft:argument-error',
  description: 'Unknown disposition-status.',
});

/** A transfer the emulator could not decode into messages. */
export const undecodableTransfer = (cause: unknown): BrokerError => ({
  condition: 'amqp:decode-error',
  description: String(cause),
});

/** Persistence could not write the change to disk, so it is not acknowledged. */
export const notRecorded = (cause: unknown): BrokerError => ({
  condition: 'amqp:internal-error',
  description: `The emulator could not record the change on disk: ${cause instanceof Error ? cause.message : String(cause)}`,
});

/** Sent to every connection when the emulator stops, so clients see why. */
export const connectionForced = (): BrokerError => ({
  condition: 'amqp:connection:forced',
  description: 'The emulator is shutting down.',
});
