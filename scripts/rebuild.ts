// `npm run rebuild -- <projection> [--settings FILE]`: replays every stream of the aggregate types a projection
// handles and replaces its snapshots, with a progress bar on stderr and a summary on stdout. It talks to the
// instance `npm start` runs (its recorded settings, see src/local/localSettings.ts), else to what
// local.settings.json names; real environment variables win, so EventStorage (and ConfigurationMap) in the
// environment point it at Azure.
import { parseArgs } from 'node:util';
import { createApplication } from '../src/application.js';
import { loadLocalSettings } from '../src/local/localSettings.js';
import type { RebuildProgress, RebuildSummary } from '../src/projections/index.js';

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { settings: { type: 'string' } },
  });
  const { source } = loadLocalSettings({ settingsFile: values.settings });
  console.error(`Settings from ${source}.`);
  const application = createApplication();
  try {
    const known = application.projections.definitions.map((definition) => definition.name);
    const [projection] = positionals;
    if (!projection || !known.includes(projection)) {
      console.error(
        projection
          ? `Unknown projection "${projection}".`
          : 'Usage: npm run rebuild -- <projection> [--settings FILE]',
      );
      console.error(`Known projections: ${known.join(', ')}`);
      return 1;
    }
    const summary = await application.projections.rebuild(projection, { onProgress: progressBar() });
    console.log(describe(summary));
    return 0;
  } finally {
    await application.close();
  }
}

/**
 * One bar per aggregate type, redrawn in place on a terminal; one line per finished type otherwise. (A dozen
 * lines; a progress-bar dependency would bring more than it saves.)
 */
function progressBar(stream: NodeJS.WriteStream = process.stderr): (progress: RebuildProgress) => void {
  const width = 30;
  return ({ aggregateType, done, total }) => {
    const filled = total === 0 ? width : Math.round((done / total) * width);
    const percent = total === 0 ? 100 : Math.floor((done / total) * 100);
    const line = `${aggregateType.padEnd(16)} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} streams (${percent}%)`;
    if (stream.isTTY) stream.write(`\r${line}${done === total ? '\n' : ''}`);
    else if (done === total) stream.write(`${line}\n`);
  };
}

function describe(summary: RebuildSummary): string {
  const streams = Object.entries(summary.streams)
    .map(([type, count]) => `${count} ${type}`)
    .join(', ');
  const skipped = summary.skipped.map(
    ({ aggregateType, aggregateId, version, reason }) =>
      `\n  skipped ${aggregateType}/${aggregateId} (unreadable event at version ${version}): ${reason}`,
  );
  return (
    `Rebuilt ${summary.projection} (${summary.kind}) from ${streams || 'no'} streams in ${summary.durationInMs} ms: ` +
    `${summary.written} documents written, ${summary.unchanged} already up to date` +
    `${skipped.length > 0 ? `, ${skipped.length} stream(s) skipped:${skipped.join('')}` : '.'}`
  );
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`Rebuild failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
