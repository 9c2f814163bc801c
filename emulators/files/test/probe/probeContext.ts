// What every probe of the SDK probe (sdkProbe.test.ts) gets: the SDK clients on a CLI-started emulator, a
// fresh share per probe, and the assertions the Files tests share.
import type { ShareClient, ShareFileClient, ShareServiceClient } from '@azure/storage-file-share';

export interface ProbeContext {
  /** SharedKey, from the CLI's storage connection string. */
  service: ShareServiceClient;
  connectionString: string;
  newShare(): Promise<ShareClient>;
  /** A file of `size` bytes in the root of a new share. */
  newFile(size: number): Promise<ShareFileClient>;
}

export type Probe = (context: ProbeContext) => Promise<void>;

/** An operation and what the probe checks of it. */
export type ProbeTable = Record<string, Probe>;
