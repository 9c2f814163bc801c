// Runs the timer and Service Bus triggers that functions/*.js register, as the Functions host would:
// timers on their NCRONTAB schedule (never overlapping), Service Bus topic triggers with a peek-lock receiver
// that completes a message when the handler returns and abandons it when the handler throws.

import { randomUUID } from 'node:crypto';
import functions from '@azure/functions';
import {
  ServiceBusClient,
  type ServiceBusReceivedMessage,
  type ServiceBusReceiver,
} from '@azure/service-bus';
import { Cron } from 'croner';
import type { TriggerRegistration } from './registrations.js';

const { InvocationContext } = functions;

export interface RunningTriggers {
  close(): Promise<void>;
}

export interface TriggerOptions {
  env: Record<string, string | undefined>;
  maxConcurrentCalls: number;
  log: (message: string) => void;
}

/** `%Name%` binding expressions are replaced by the app setting `Name`, as in function.json. */
export function resolveSetting(value: unknown, env: TriggerOptions['env']): string {
  return String(value).replace(/%([^%]+)%/g, (_, name: string) => {
    const setting = env[name];
    if (setting === undefined)
      throw new Error(`App setting ${name} (used as %${name}% by a trigger) is not set`);
    return setting;
  });
}

export function startTriggers(
  registrations: TriggerRegistration[],
  options: TriggerOptions,
): RunningTriggers {
  const timers: Cron[] = [];
  const clients = new Map<string, ServiceBusClient>();
  const receivers: ServiceBusReceiver[] = [];
  const running = new Set<Promise<unknown>>();
  const track = (work: Promise<unknown>) => {
    const tracked = work.catch(() => {}).finally(() => running.delete(tracked));
    running.add(tracked);
  };
  for (const registration of registrations) {
    const context = () =>
      new InvocationContext({ functionName: registration.name, invocationId: randomUUID() });
    if (registration.kind === 'timer') {
      const schedule = resolveSetting(registration.options.schedule, options.env);
      timers.push(
        new Cron(schedule, { protect: true }, async () => {
          const run = Promise.resolve(registration.handler({ isPastDue: false }, context() as never));
          track(run);
          await run.catch((error: unknown) => options.log(`${registration.name} failed: ${String(error)}`));
        }),
      );
      continue;
    }
    const connectionName = String(registration.options.connection);
    const connectionString = options.env[connectionName];
    if (!connectionString)
      throw new Error(`App setting ${connectionName} (connection of ${registration.name}) is not set`);
    let client = clients.get(connectionString);
    if (!client) {
      client = new ServiceBusClient(connectionString);
      clients.set(connectionString, client);
    }
    const receiver =
      registration.kind === 'serviceBusTopic'
        ? client.createReceiver(
            resolveSetting(registration.options.topicName, options.env),
            resolveSetting(registration.options.subscriptionName, options.env),
          )
        : client.createReceiver(resolveSetting(registration.options.queueName, options.env));
    receivers.push(receiver);
    receiver.subscribe(
      {
        processMessage: async (message: ServiceBusReceivedMessage) => {
          const invocation = new InvocationContext({
            functionName: registration.name,
            invocationId: randomUUID(),
            triggerMetadata: {
              messageId: message.messageId,
              deliveryCount: message.deliveryCount,
              subject: message.subject,
              // As the Functions host passes them: the trace context travels in the application properties.
              applicationProperties: message.applicationProperties ?? {},
            },
          });
          const run = Promise.resolve(registration.handler(message.body, invocation as never));
          track(run);
          await run;
        },
        processError: async ({ error }) => options.log(`${registration.name}: ${error.message}`),
      },
      { autoCompleteMessages: true, maxConcurrentCalls: options.maxConcurrentCalls },
    );
  }
  return {
    close: async () => {
      for (const timer of timers) timer.stop();
      await Promise.all(receivers.map((receiver) => receiver.close()));
      await Promise.all([...running]);
      await Promise.all([...clients.values()].map((client) => client.close()));
    },
  };
}
