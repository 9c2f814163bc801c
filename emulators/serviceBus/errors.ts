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

export const deferralNotImplemented = (): BrokerError => ({
  condition: 'amqp:not-implemented',
  description: 'The emulator does not implement deferral.',
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

/** Sent to every connection when the emulator stops, so clients see why. */
export const connectionForced = (): BrokerError => ({
  condition: 'amqp:connection:forced',
  description: 'The emulator is shutting down.',
});
