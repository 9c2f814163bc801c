// `npm run rebuild -- <projection> [--workers N] [--watch-only] [--settings FILE]`: starts a rebuild job (or
// follows the one already running for that projection, resuming it), works on its steps from the rebuild queue
// with N concurrent handlers in this process (beside any host instance doing the same), and shows its progress
// on stderr until it has finished; the job's record goes to stdout. It talks to the instance `npm start` runs
// (its recorded settings, see src/local/localSettings.ts), else to what local.settings.json names; real
// environment variables win, so EventStorage, ServiceBusConnection (and ConfigurationMap) point it at Azure.
import { parseArgs } from 'node:util';
import { createApplication } from '../src/application.js';
import { loadLocalSettings } from '../src/local/localSettings.js';
import { jobView, type RebuildJob } from '../src/projections/index.js';
import { unlessTransient } from '../src/projections/transient.js';

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      settings: { type: 'string' },
      workers: { type: 'string', default: '4' },
      'watch-only': { type: 'boolean', default: false },
    },
  });
  const { source } = loadLocalSettings({ settingsFile: values.settings });
  console.error(`Settings from ${source}.`);
  const application = createApplication();
  const { projections, settings } = application;
  const receiver = application.messaging.client.createReceiver(settings.rebuildQueueName);
  try {
    const known = projections.definitions.map((definition) => definition.name);
    const [projection] = positionals;
    if (!projection || !known.includes(projection)) {
      console.error(
        projection
          ? `Unknown projection "${projection}".`
          : 'Usage: npm run rebuild -- <projection> [--workers N] [--watch-only] [--settings FILE]',
      );
      console.error(`Known projections: ${known.join(', ')}`);
      return 1;
    }
    const started = await projections.rebuilds.start(projection);
    console.error(`Rebuild job ${started.id} (generation ${started.generation}), ${started.phase}.`);
    if (!values['watch-only']) {
      receiver.subscribe(
        {
          processMessage: async (message) => application.handleQueuedWork(message.body),
          processError: async ({ error }) => console.error(`\n${error.message}`),
        },
        { autoCompleteMessages: true, maxConcurrentCalls: Math.max(1, Number(values.workers) || 1) },
      );
    }
    const show = progressBar();
    for (;;) {
      // A store slow to answer (a busy emulator, a blip in Azure) delays the progress bar, not the work.
      const job = await unlessTransient(projections.rebuilds.get(projection, started.id));
      if (!job) {
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        continue;
      }
      show(job);
      if (job.phase === 'finished') {
        console.log(JSON.stringify(jobView(job), null, 2));
        return job.skippedCount > 0 ? 2 : 0;
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  } finally {
    await receiver.close();
    await application.close();
  }
}

/** One line redrawn in place on a terminal; a line per phase otherwise. */
function progressBar(stream: NodeJS.WriteStream = process.stderr): (job: RebuildJob) => void {
  const width = 30;
  let last = '';
  return ({ phase, streams, pages, events, skippedCount }) => {
    const total = pages.listingDone ? streams.listed : Math.max(streams.listed, 1);
    const filled = Math.min(width, Math.round((streams.done / total) * width));
    const of = pages.listingDone ? `${streams.listed}` : `${streams.listed}+`;
    const line = `${phase.padEnd(10)} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${streams.done}/${of} streams, ${events} events${skippedCount ? `, ${skippedCount} skipped` : ''}`;
    if (stream.isTTY) stream.write(`\r${line}${phase === 'finished' ? '\n' : ''}`);
    else if (phase !== last) stream.write(`${line}\n`);
    last = phase;
  };
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`Rebuild failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
