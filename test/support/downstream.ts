// A downstream subscriber for tests: collects every message arriving on a topic subscription (completing
// each), so a test can wait for the messages it expects.
import { ServiceBusClient, type ServiceBusReceivedMessage } from '@azure/service-bus';
import { afterAll } from 'vitest';
import { emulators } from './emulators.js';
import { type TestTopic, topicName } from './serviceBusTopics.js';

export interface Downstream {
  messages: ServiceBusReceivedMessage[];
  /** Resolves with the messages matching `predicate` once `count` of them have arrived. */
  waitFor(
    predicate: (message: ServiceBusReceivedMessage) => boolean,
    count: number,
    timeoutInMs?: number,
  ): Promise<ServiceBusReceivedMessage[]>;
}

export function subscribeDownstream(topic: TestTopic, subscription = 'downstream'): Downstream {
  const client = new ServiceBusClient(emulators().settings.ServiceBusConnection as string);
  const receiver = client.createReceiver(topicName(topic), subscription);
  const messages: ServiceBusReceivedMessage[] = [];
  receiver.subscribe(
    {
      processMessage: async (message) => {
        messages.push(message);
      },
      processError: async () => {},
    },
    { autoCompleteMessages: true, maxConcurrentCalls: 8 },
  );
  afterAll(async () => {
    await receiver.close();
    await client.close();
  });
  return {
    messages,
    waitFor: async (predicate, count, timeoutInMs = 10_000) => {
      const deadline = Date.now() + timeoutInMs;
      for (;;) {
        const matching = messages.filter(predicate);
        if (matching.length >= count || Date.now() > deadline) return matching;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
  };
}

/** Messages about one aggregate. */
export const about = (aggregateId: string) => (message: ServiceBusReceivedMessage) =>
  message.applicationProperties?.aggregateId === aggregateId;
