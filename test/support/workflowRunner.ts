// Runs a workflow engine the way the Functions host (and the local host) run functions/workflows.ts: a peek-lock
// receiver on the topic's `workflows` subscription and one on the timers queue, completing a message when the
// handler returns and abandoning it when the handler throws (so it comes back, as after a crash).
import { ServiceBusClient, type ServiceBusReceiver } from '@azure/service-bus';
import type { Workflows } from '../../src/workflows/index.js';
import { emulators } from './emulators.js';
import { timersQueueName, topicName, type WORKFLOW_TOPICS } from './serviceBusTopics.js';

export interface RunningWorkflows {
  /** Errors the handlers threw (each message so failed was abandoned). */
  failures: unknown[];
  close(): Promise<void>;
}

type Handlers = Pick<Workflows, 'handleEvent' | 'handleTimer'>;

export function runWorkflows(workflows: Handlers, topic: (typeof WORKFLOW_TOPICS)[number]): RunningWorkflows {
  const client = new ServiceBusClient(emulators().settings.ServiceBusConnection as string);
  const failures: unknown[] = [];
  const receivers: ServiceBusReceiver[] = [];
  const run = (receiver: ServiceBusReceiver, handle: (body: unknown) => Promise<unknown>) => {
    receivers.push(receiver);
    receiver.subscribe(
      {
        processMessage: async (message) => {
          try {
            await handle(message.body);
          } catch (error) {
            failures.push(error);
            throw error;
          }
        },
        processError: async () => {},
      },
      { autoCompleteMessages: true, maxConcurrentCalls: 16 },
    );
  };
  run(client.createReceiver(topicName(topic), 'workflows'), (body) => workflows.handleEvent(body));
  run(client.createReceiver(timersQueueName(topic)), (body) => workflows.handleTimer(body));
  return {
    failures,
    close: async () => {
      await Promise.all(receivers.map((receiver) => receiver.close()));
      await client.close();
    },
  };
}
