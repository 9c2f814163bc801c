// Timer: replays the dead-letter queues of the app's own subscriptions (projections) once the cause is gone:
// each dead-lettered message is handed to its handler again and removed once handled; a run that meets a
// transient failure stops and the next run tries again. Schedule: the `DeadLetterReplaySchedule` app setting
// (NCRONTAB, with seconds). Operators can do the same by hand: `npm run dead-letters -- list|replay`.
import { app, type InvocationContext, type Timer } from '@azure/functions';
import { getApplication } from '../src/processApplication.js';

export async function replayDeadLetters(_timer: Timer, context: InvocationContext): Promise<void> {
  const { deadLetters } = await getApplication();
  for (const queue of deadLetters) {
    if ((await queue.peek(1)).length === 0) continue;
    const report = await queue.replay();
    context.log(
      `Dead letters of ${queue.subscription}: ${report.replayed} replayed, ${report.failed} failed for good` +
        `${report.stoppedByTransientFailure ? '; stopped: the cause is not gone yet' : ''}.`,
    );
  }
}

app.timer('replayDeadLetters', { schedule: '%DeadLetterReplaySchedule%', handler: replayDeadLetters });
