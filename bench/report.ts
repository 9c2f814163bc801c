// Writes a run's results: JSON, a short Markdown report, and the chart of command latency against stream
// length per store.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { lineChartSvg, type Series } from './chart.js';
import { BENCH_STORES, STORE_LABELS } from './environment.js';
import type { BenchResults } from './results.js';
import type { TracingCostResult } from './tracingCost.js';

const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e'];

export async function writeReport(results: BenchResults, folder: string): Promise<void> {
  await mkdir(folder, { recursive: true });
  await writeFile(join(folder, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  await writeFile(join(folder, 'chart.svg'), chart(results));
  await writeFile(join(folder, 'REPORT.md'), markdown(results));
}

function chart(results: BenchResults): string {
  const series: Series[] = [];
  BENCH_STORES.forEach((store, index) => {
    const lengths = results.stores[store]?.lengths ?? [];
    if (lengths.length === 0) return;
    const color = COLORS[index] as string;
    series.push({
      label: `${STORE_LABELS[store]}, snapshots`,
      color,
      dashed: false,
      points: lengths.map((l) => ({ x: l.length, y: l.coldWithSnapshots.p50 })),
    });
    series.push({
      label: `${STORE_LABELS[store]}, replay`,
      color,
      dashed: true,
      points: lengths.map((l) => ({ x: l.length, y: l.coldWithoutSnapshots.p50 })),
    });
  });
  return lineChartSvg(
    'Command latency (p50, first command on a new instance) vs stream length',
    'events in the stream',
    'ms',
    series,
  );
}

export function markdown(results: BenchResults): string {
  const { machine } = results;
  const lines = [
    `# Benchmark report (${results.mode} run)`,
    '',
    `${machine.date} · ${machine.cpus} × ${machine.cpuModel} · Node ${machine.node} · everything on one machine:`,
    'Azurite, the Files and Service Bus emulators, the local host and the load generator share the CPUs, so the',
    'figures compare designs on this machine; they are not Azure latencies.',
    '',
    '## Targets',
    '',
    'How each figure is measured, and why the missed targets are missed: [bench/README.md](../README.md).',
    '',
    '| target | goal | figure | met |',
    '|---|---|---|---|',
    ...results.targets.map((t) => `| ${t.name} | ${t.goal} | ${t.figure} | ${t.met ? 'yes' : '**no**'} |`),
    '',
    '## Command path over HTTP',
    '',
    '| store | c=1 many: cmd/s, p50/p99 ms | c=16 many | c=1 hot | c=16 hot | 409s | storage requests per command: critical + background (bytes) |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const store of BENCH_STORES) {
    const r = results.stores[store];
    if (!r) continue;
    const cell = (key: keyof typeof r.http) =>
      `${r.http[key].commandsPerSecond}, ${r.http[key].latency.p50}/${r.http[key].latency.p99}`;
    const conflicts = Object.values(r.http).reduce((sum, load) => sum + load.conflicts, 0);
    const t = r.traffic;
    lines.push(
      `| ${STORE_LABELS[store]} | ${cell('c1-many')} | ${cell('c16-many')} | ${cell('c1-hot')} | ${cell('c16-hot')} | ${conflicts} | ` +
        `${t.criticalRequests} + ${t.backgroundRequests} (${t.criticalBytes} + ${t.backgroundBytes} B) |`,
    );
  }
  lines.push('', '## Framework overhead, naive baseline and load cost (in process, p50 ms)', '');
  lines.push(
    '| store | raw floor: append / intent + append | ours: busy stream / busy, bus send left out / idle stream | ratio: busy / busy without the send / idle / busy over intent + append | length | naive | ours warm | ours cold (snapshot) | ours cold (replay) | speed-up warm / cold |',
  );
  lines.push('|---|---|---|---|---|---|---|---|---|---|');
  for (const store of BENCH_STORES) {
    const r = results.stores[store];
    if (!r) continue;
    r.lengths.forEach((l, index) => {
      const head =
        index === 0
          ? `${STORE_LABELS[store]} | ${r.rawFloor.p50} / ${r.rawFloorWithIntent.p50} | ${r.inProcess.p50} / ${r.inProcessWithoutBus.p50} / ${r.inProcessIdle?.p50 ?? '–'} | ` +
            `${r.overheadRatio}× / ${r.overheadRatioWithoutBus}× / ${r.overheadRatioIdle === undefined ? '–' : `${r.overheadRatioIdle}×`} / ${r.overheadRatioWithIntent}×`
          : ' | | |';
      lines.push(
        `| ${head} | ${l.length.toLocaleString('en')} | ${l.naive.p50} | ${l.oursWarm.p50} | ${l.coldWithSnapshots.p50} (${l.coldWithSnapshots.requests} req) | ` +
          `${l.coldWithoutSnapshots.p50} (${l.coldWithoutSnapshots.requests} req) | ${l.speedupWarm}× / ${l.speedupCold}× |`,
      );
    });
  }
  lines.push('', '![Command latency against stream length](chart.svg)', '');
  lines.push(...pageReadLines(results));
  if (results.sweeperDrain) {
    const d = results.sweeperDrain;
    lines.push(
      '## Publish sweeper drain rate',
      '',
      `One sweeper run on the Table store drained ${d.intents.toLocaleString('en')} waiting publish intents ` +
        `(${d.published.toLocaleString('en')} events) in ${d.seconds} s: **${d.intentsPerSecond.toLocaleString('en')} ` +
        `intents/s**, ${d.requestsPerIntent} storage requests per intent.`,
      '',
    );
  }
  if (results.projectionLag) {
    const p = results.projectionLag;
    lines.push('## Projection lag', '');
    lines.push(
      `${p.commands} deposits at ${p.ratePerSecond}/s for ${p.durationInSeconds} s (Table store, Service Bus emulator, runner in the local host):`,
    );
    lines.push(
      `p50 ${p.lag.p50} ms, p99 ${p.lag.p99} ms; ${p.missing} never projected; ${p.inconsistentAccounts} accounts with a wrong count.`,
      '',
    );
  }
  if (results.transfers) {
    const t = results.transfers;
    const { request, engine, samples } = t.requestsPerTransfer;
    lines.push('## Money transfers (workflows)', '');
    lines.push(
      `${t.transfers} transfers requested at ${t.ratePerSecond}/s for ${t.durationInSeconds} s over HTTP (Table store, ` +
        `Service Bus emulator, the workflow engine in the local host): completed p50 ${t.completion.p50} ms, ` +
        `p99 ${t.completion.p99} ms after the request's 200; ${t.unfinished} unfinished. Storage requests per ` +
        `transfer (counting proxy, ${samples} transfers one at a time): ${request} for the request, ${engine} by ` +
        'the engine (its instance appends, the withdraw, deposit and complete commands, the markers moved on).',
      '',
    );
  }
  if (results.tracing) lines.push(...tracingLines(results.tracing));
  lines.push(...coldStartLines(results));
  lines.push(...readSideLines(results), ...rebuildWorkerLines(results));
  lines.push(`Peak resident memory of the local host: ${results.peakHostRssInMiB} MiB.`, '');
  if (results.errors.length > 0) lines.push('## Errors', '', ...results.errors.map((e) => `- ${e}`), '');
  return `${lines.join('\n')}\n`;
}

/** The read side at scale: per-event cost and a page of a list view at each size, per document store. */
function readSideLines({ readSideScale: scales }: BenchResults): string[] {
  if (!scales || scales.length === 0) return [];
  return [
    '## Read side at scale',
    '',
    '`diary-items` (a list view), seeded straight into its document store; the same number of events (renames, ' +
      'and reschedules that move the entry) applied at each size. At 100,000 on Local File documents: Azurite ' +
      'scans every blob for each blob request (its index is on the account name), so Blob runs at smaller sizes.',
    '',
    '| store | items | per event p50 / p99 ms | document operations per event | a page of 50, p50 ms |',
    '|---|---|---|---|---|',
    ...scales.flatMap((scale) =>
      scale.points.map(
        (point) =>
          `| ${scale.store} | ${point.items.toLocaleString('en')} | ${point.perEvent.p50} / ${point.perEvent.p99} | ${point.requestsPerEvent} | ${point.page.p50} |`,
      ),
    ),
    '',
    ...scales.map(
      (scale) =>
        `${scale.store}: ratio of the medians **${scale.ratio}×** (operations ${scale.requestRatio}×), largest ` +
        `document ${scale.largestDocumentBytes} bytes, seeded at ${scale.seedPerSecond.toLocaleString('en')} documents/s.`,
    ),
    '',
  ];
}

/** Rebuild throughput with 1 and 4 worker processes, and the replay to one subscription. */
function rebuildWorkerLines({ rebuildWorkers: workers }: BenchResults): string[] {
  if (!workers) return [];
  const streams = workers.streams.toLocaleString('en');
  return [
    '## Rebuild and replay throughput',
    '',
    `\`account-balance\` over ${streams} account streams of 2 events on the Table store, seeded straight into it ` +
      `(${workers.seedPerSecond.toLocaleString('en')} streams/s). A rebuild job worked by \`npm run rebuild\` ` +
      'processes (4 concurrent steps each) sharing its queue; timed from its first page to its switch:',
    '',
    '| worker processes | streams/s | events/s | replaying s | peak RSS per process, MiB |',
    '|---|---|---|---|---|',
    ...workers.runs.map(
      (run) =>
        `| ${run.processes} | ${run.streamsPerSecond} | ${run.eventsPerSecond} | ${run.replayingSeconds} | ${run.peakRssInMiB} |`,
    ),
    '',
    `Replay of the same history to one subscription (\`npm run replay\`): ${workers.replay.events.toLocaleString('en')} ` +
      `events in ${workers.replay.seconds} s, **${workers.replay.eventsPerSecond.toLocaleString('en')} events/s**.`,
    '',
  ];
}

/** The page-read table: p50/p95 ms of a 100-event page, cold (fresh store) and warm, and the ratios. */
function pageReadLines(results: BenchResults): string[] {
  const entries = BENCH_STORES.flatMap((store) => {
    const pages = results.pageReads?.[store];
    return pages ? [[store, pages] as const] : [];
  });
  if (entries.length === 0) return [];
  const cell = (times: { cold: { p50: number; p95: number }; warm: { p50: number; p95: number } }) =>
    `${times.cold.p50}/${times.cold.p95} · ${times.warm.p50}/${times.warm.p95}`;
  const commands = entries[0]?.[1].commands.toLocaleString('en');
  return [
    `## Page reads on a ${commands}-command stream`,
    '',
    'A 100-event page (`readStream` with `fromVersion` and `limit`), p50/p95 ms, cold (a fresh store: nothing cached) · warm:',
    '',
    '| store | 10-command stream | 100-command stream | middle | end | cold p50 ratio to the 10-command stream (target ≤ 2×), to the 100-command one: middle / end |',
    '|---|---|---|---|---|---|',
    ...entries.map(
      ([store, p]) =>
        `| ${STORE_LABELS[store]} | ${cell(p.short)} | ${cell(p.hundred)} | ${cell(p.middle)} | ${cell(p.end)} | ` +
        `${p.ratioMiddle}× / ${p.ratioEnd}×; ${p.lengthRatioMiddle}× / ${p.lengthRatioEnd}× |`,
    ),
    '',
  ];
}

/** The cold-start table: the deployment package before (unbundled) and after (bundled), side by side. */
function coldStartLines({ coldStart }: BenchResults): string[] {
  if (!coldStart) return [];
  const { package: size, importAll, firstCommand } = coldStart;
  const ms = (summary: { p50: number; p99: number }) => `${summary.p50} / ${summary.p99}`;
  return [
    '## Cold start: the deployment package before and after the bundle',
    '',
    `Import of every function entry point in a fresh Node process (p50 / p99 of ${importAll.after.count}), and the`,
    `local host started on the staged folder to its first served command (p50 / p99 of ${firstCommand.after.firstCommand.count}):`,
    '',
    '| package | size | files | import all entry points, ms | host ready, ms | first command, ms |',
    '|---|---|---|---|---|---|',
    `| before: unbundled, \`npm ci --omit=dev\` | ${size.before.megabytes} MB | ${size.before.files.toLocaleString('en')} | ` +
      `${ms(importAll.beforeEager)} (lazy start-up: ${ms(importAll.beforeLazy)}) | ${ms(firstCommand.before.ready)} | ` +
      `${ms(firstCommand.before.firstCommand)} |`,
    `| after: esbuild bundle | ${size.after.megabytes} MB | ${size.after.files} | ${ms(importAll.after)} | ` +
      `${ms(firstCommand.after.ready)} | ${ms(firstCommand.after.firstCommand)} |`,
    '',
  ];
}

/** The cost of tracing, as the report and `npm run bench -- --tracing` print it. */
export function tracingLines({ on, off, p50CostPercent }: TracingCostResult): string[] {
  return [
    '## The cost of tracing',
    '',
    `Deposits over HTTP on the Table store, two hosts taking turns: tracing on (spans kept in memory) p50 ` +
      `${on.p50} ms, p99 ${on.p99} ms; off p50 ${off.p50} ms, p99 ${off.p99} ms: ${p50CostPercent}% on the p50.`,
    '',
  ];
}
