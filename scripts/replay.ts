// `npm run replay -- --subscription NAME [--aggregate-type T]… [--since ISO-date] [--rate N] [--restart]
// [--settings FILE]`: replays the stored history to one subscription of the events topic (a subscriber that
// came late), every stream of the types asked for (default: all) in per-stream order, as the same messages with
// `replayTarget` naming the subscription, which only that subscription's rule lets in. It resumes an
// interrupted replay to the same subscription from its checkpoint (--restart starts over), sends at most
// --rate events a second, and shows its progress on stderr. Create the subscription (with its rule) first and
// run this at least the topic's duplicate-detection window (10 minutes) after the last event it should get
// from here was first published: a copy sent within the window is dropped as a duplicate (README).
import { parseArgs } from 'node:util';
import { createApplication } from '../src/application.js';
import { loadLocalSettings } from '../src/local/localSettings.js';
import { type ReplayCheckpoint, replayHistory } from '../src/messaging/replay.js';
import { SUBSCRIPTION_NAME_PATTERN } from '../src/shared/identifiers.js';

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      subscription: { type: 'string' },
      'aggregate-type': { type: 'string', multiple: true },
      since: { type: 'string' },
      rate: { type: 'string' },
      restart: { type: 'boolean', default: false },
      settings: { type: 'string' },
    },
  });
  const usage =
    'Usage: npm run replay -- --subscription NAME [--aggregate-type T]… [--since ISO-date] [--rate N] [--restart]';
  if (!values.subscription || !SUBSCRIPTION_NAME_PATTERN.test(values.subscription)) {
    console.error(values.subscription ? `Not a subscription name: ${values.subscription}` : usage);
    return 1;
  }
  if (values.since !== undefined && Number.isNaN(Date.parse(values.since))) {
    console.error(`--since must be an ISO 8601 date or date-time, not ${values.since}`);
    return 1;
  }
  const { source } = loadLocalSettings({ settingsFile: values.settings });
  console.error(`Settings from ${source}.`);
  const application = createApplication();
  try {
    const known = application.registry.aggregateTypes();
    const types = values['aggregate-type'] ?? known;
    const unknown = types.filter((type) => !known.includes(type));
    if (unknown.length > 0) {
      console.error(`Unknown aggregate type(s): ${unknown.join(', ')} (known: ${known.join(', ')})`);
      return 1;
    }
    const abort = new AbortController();
    process.once('SIGINT', () => {
      console.error('\nStopping after this page; run the same command again to resume.');
      abort.abort();
    });
    const done = await replayHistory({
      storeFor: (type) => application.stores.forAggregateType(type),
      publisher: application.messaging.publisher,
      checkpoints: application.stores.documents(),
      subscription: values.subscription,
      aggregateTypes: types,
      since: values.since,
      restart: values.restart,
      eventsPerSecond: values.rate === undefined ? undefined : Number(values.rate),
      signal: abort.signal,
      onProgress: progress(),
    });
    console.log(JSON.stringify(done, null, 2));
    return done.finishedAt ? 0 : 2;
  } finally {
    await application.close();
  }
}

/** One line redrawn in place on a terminal; a line per aggregate type otherwise. */
function progress(stream: NodeJS.WriteStream = process.stderr): (checkpoint: ReplayCheckpoint) => void {
  let lastType = -1;
  return ({ aggregateTypes, typeIndex, streams, events, finishedAt }) => {
    const type = aggregateTypes[Math.min(typeIndex, aggregateTypes.length - 1)] ?? '';
    const line = `${type.padEnd(16)} type ${Math.min(typeIndex + 1, aggregateTypes.length)}/${aggregateTypes.length}: ${streams} streams, ${events} events sent`;
    if (stream.isTTY) stream.write(`\r${line}${finishedAt ? '\n' : ''}`);
    else if (typeIndex !== lastType || finishedAt) stream.write(`${line}\n`);
    lastType = typeIndex;
  };
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`Replay failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
