// How much each benchmark phase does: a quick run (CI keeps the benchmark working with it) or a full one.
export function sizesFor(quick: boolean) {
  return quick
    ? {
        http: 40,
        traffic: 5,
        floor: 30,
        warm: 30,
        naive: 3,
        cold: 3,
        lengths: [10, 1000],
        accounts: 20,
        lagSeconds: 5,
        pageCommands: 1000,
        pageSamples: 5,
        drainIntents: 500,
        importRuns: 3,
        firstCommandRuns: 1,
        transferSeconds: 5,
        sequentialTransfers: 5,
        scaleSizes: [200, 2_000],
        blobScaleSizes: [200, 1_000],
        scaleEvents: 40,
        rebuildStreams: 500,
      }
    : {
        http: 500,
        traffic: 30,
        floor: 300,
        warm: 300,
        naive: 15,
        cold: 15,
        lengths: [10, 1000, 10_000],
        accounts: 200,
        lagSeconds: 30,
        pageCommands: 3000,
        pageSamples: 30,
        drainIntents: 5000,
        importRuns: 10,
        firstCommandRuns: 5,
        transferSeconds: 30,
        sequentialTransfers: 20,
        scaleSizes: [1_000, 100_000],
        blobScaleSizes: [1_000, 10_000],
        scaleEvents: 300,
        // Azurite scans the whole table for every Table query: 10,000 streams keep the emulator out of the figure.
        rebuildStreams: 10_000,
      };
}

export type Sizes = ReturnType<typeof sizesFor>;
