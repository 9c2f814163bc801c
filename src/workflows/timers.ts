// Durable timers: a timer a workflow schedules becomes a Service Bus scheduled message on the timers queue, due
// at the timer's time, with a message id made of the instance and the timer (so scheduling it again after a
// crash is dropped by the queue's duplicate detection, and a copy that still arrives is an input already seen).
// Cancelling one removes the scheduled message when it can; one that fires anyway is ignored by the instance.
import type { ServiceBusClient, ServiceBusSender } from '@azure/service-bus';
import Long from 'long';
import { z } from 'zod';
import { AGGREGATE_ID_PATTERN } from '../shared/identifiers.js';
import { InvalidMessageError } from '../shared/jsonBody.js';
import { currentTraceparent, traceProperties } from '../telemetry/tracing.js';

export interface TimerMessage {
  workflow: string;
  instanceId: string;
  /** The id of the output that scheduled it. */
  timerId: string;
  name: string;
  dueAt: string;
}

export interface WorkflowTimers {
  /** Schedules the timer's message; resolves with its sequence number (what cancelling needs). */
  schedule(timer: TimerMessage): Promise<string>;
  cancel(sequenceNumber: string): Promise<void>;
  close(): Promise<void>;
}

export function timerMessageId(timer: Pick<TimerMessage, 'workflow' | 'instanceId' | 'timerId'>): string {
  return `${timer.workflow}/${timer.instanceId}/${timer.timerId}`;
}

export class ServiceBusTimers implements WorkflowTimers {
  private sender: ServiceBusSender | undefined;

  constructor(
    private readonly client: ServiceBusClient,
    private readonly queueName: string,
  ) {}

  async schedule(timer: TimerMessage): Promise<string> {
    this.sender ??= this.client.createSender(this.queueName);
    const [sequenceNumber] = await this.sender.scheduleMessages(
      {
        body: timer,
        contentType: 'application/json',
        messageId: timerMessageId(timer),
        subject: timer.name,
        // The timer's firing continues the trace that armed it.
        applicationProperties: traceProperties(currentTraceparent()),
      },
      new Date(timer.dueAt),
    );
    return String(sequenceNumber);
  }

  async cancel(sequenceNumber: string): Promise<void> {
    this.sender ??= this.client.createSender(this.queueName);
    await this.sender.cancelScheduledMessages(Long.fromString(sequenceNumber));
  }

  async close(): Promise<void> {
    await this.sender?.close();
  }
}

const timerSchema = z.strictObject({
  workflow: z.string().regex(/^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/),
  instanceId: z.string().regex(AGGREGATE_ID_PATTERN),
  timerId: z.string().regex(/^o[1-9][0-9]{0,8}$/),
  name: z.string().min(1).max(200),
  dueAt: z.iso.datetime(),
});

/** A message from the timers queue; anything else is an InvalidMessageError (dead-lettered after its retries). */
export function parseTimerMessage(body: unknown): TimerMessage {
  let value = body;
  if (typeof value === 'string' || value instanceof Uint8Array) {
    try {
      value = JSON.parse(Buffer.from(value).toString('utf8'));
    } catch {
      throw new InvalidMessageError('The timer message body is not JSON.');
    }
  }
  const parsed = timerSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InvalidMessageError(
      `The message is not a workflow timer (${issue?.path.join('.') || 'body'}: ${issue?.message}).`,
    );
  }
  return parsed.data;
}
