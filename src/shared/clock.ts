// Where the time comes from: injected wherever the code stamps a time (events' occurredAt, snapshots, intents,
// documents' updatedAt, stream headers), so a test can fix it; the system clock by default.
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();
