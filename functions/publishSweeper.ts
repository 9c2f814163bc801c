// Timer: publishes the events of publish intents the normal path left behind (a crash between appending and
// publishing, or a bus outage). Schedule: the `PublishSweepSchedule` app setting (NCRONTAB, with seconds).
import { app, type InvocationContext, type Timer } from '@azure/functions';
import { getApplication } from '../src/processApplication.js';

export async function sweepPublishIntents(_timer: Timer, context: InvocationContext): Promise<void> {
  const { messaging } = await getApplication();
  const report = await messaging.sweep();
  if (report.intents > 0) {
    context.log(
      `Publish sweeper: ${report.intents} intent(s): ${report.published} event(s) published, ` +
        `${report.expired} expired, ${report.failed} failed.`,
    );
  }
}

app.timer('publishSweeper', { schedule: '%PublishSweepSchedule%', handler: sweepPublishIntents });
