// `npm run dead-letters -- list|replay [--subscription projections] [--max 100]`: what sits in the dead-letter
// queue of a subscription of the events topic, and replaying the app's own (the projections and workflows
// subscriptions): each message is handed to its handler (the projection runner, the workflow engine) again and
// removed once handled. The app's
// `replayDeadLetters` timer does the same every minute; this is for looking, and for not waiting. Reads
// local.settings.json `Values` as the local host does (real environment variables win).
import { parseArgs } from 'node:util';
import { createApplication } from '../src/application.js';
import { loadLocalSettings } from '../src/local/localSettings.js';
import { peekDeadLetters } from '../src/messaging/deadLetters.js';

const USAGE =
  'Usage: npm run dead-letters -- list|replay [--subscription <name>] [--max <n>] [--settings FILE]';

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      subscription: { type: 'string' },
      max: { type: 'string', default: '100' },
      settings: { type: 'string' },
    },
  });
  const [command] = positionals;
  if (command !== 'list' && command !== 'replay') {
    console.error(USAGE);
    return 1;
  }
  const { source } = loadLocalSettings({ settingsFile: values.settings });
  console.error(`Settings from ${source}.`);
  const application = createApplication();
  try {
    const subscription = values.subscription ?? application.settings.projectionsSubscriptionName;
    const own = application.deadLetters.find((queue) => queue.subscription === subscription);
    if (command === 'list') {
      const queue = {
        client: application.messaging.client,
        topic: application.settings.eventsTopicName,
        subscription,
      };
      const messages = await peekDeadLetters(queue, Number(values.max));
      for (const message of messages) {
        console.log(
          `${message.enqueuedTimeUtc ?? ''}  ${message.messageId}  ${message.subject ?? ''}  ` +
            `${message.reason ?? ''}${message.description ? `: ${message.description}` : ''}`,
        );
      }
      console.error(
        `${messages.length} message(s) in the dead-letter queue of ${queue.topic}/${subscription}.`,
      );
      return 0;
    }
    if (!own) {
      const names = application.deadLetters.map((queue) => queue.subscription).join(', ');
      console.error(
        `Only the app's own subscriptions can be replayed here (${names}); a downstream system replays its own.`,
      );
      return 1;
    }
    const report = await own.replay();
    console.log(
      `Replayed ${report.replayed} message(s) of ${subscription}; ${report.failed} failed for good` +
        `${report.stoppedByTransientFailure ? '; stopped: a store is still unavailable, try again later' : ''}.`,
    );
    return report.stoppedByTransientFailure ? 2 : 0;
  } finally {
    await application.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`dead-letters failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
