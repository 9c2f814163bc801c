// Timer: publishes the events of publish intents and stream markers the normal path left behind (a crash
// between appending and publishing, or a bus outage), and retires idle markers. Schedule: the `PublishSweepSchedule` app setting (NCRONTAB, with seconds).
import { app, type InvocationContext, type Timer } from '@azure/functions';
import { getApplication } from '../src/processApplication.js';

export async function sweepPublishIntents(_timer: Timer, context: InvocationContext): Promise<void> {
  const { messaging } = await getApplication();
  const report = await messaging.sweep();
  if (report.intents > 0 || report.published > 0 || report.retired > 0 || report.failed > 0) {
    context.log(
      `Publish sweeper: ${report.intents} intent(s), ${report.markers} stream marker(s): ` +
        `${report.published} event(s) published, ${report.expired} expired, ${report.retired} marker(s) retired, ` +
        `${report.failed} failed.`,
    );
  }
}

app.timer('publishSweeper', { schedule: '%PublishSweepSchedule%', handler: sweepPublishIntents });
