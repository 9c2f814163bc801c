// The command's span and metrics: aggregate type, command name, id, the version it left, its outcome (accepted,
// replayed, or the refusal's code) and how many lost races it retried; the commands counter and the latency
// histogram by outcome.
import { appMetrics } from '../telemetry/metrics.js';
import { ATTRIBUTES, inSpan } from '../telemetry/tracing.js';
import type { CommandOutcome } from './commandResult.js';

/** Counts what one command went through, for its span. */
export interface CommandAttempts {
  conflicts: number;
}

/** What the span names of a command (CommandRequest has it all). */
interface TracedCommand {
  aggregateType: string;
  aggregateId: string;
  commandName: string;
  correlationId: string;
}

export function tracedCommand(
  request: TracedCommand,
  run: (attempts: CommandAttempts) => Promise<CommandOutcome>,
): Promise<CommandOutcome> {
  const attributes = {
    [ATTRIBUTES.aggregateType]: request.aggregateType,
    [ATTRIBUTES.commandName]: request.commandName,
  };
  return inSpan(
    `command ${request.aggregateType} ${request.commandName}`,
    {
      attributes: {
        ...attributes,
        [ATTRIBUTES.aggregateId]: request.aggregateId,
        [ATTRIBUTES.correlationId]: request.correlationId,
      },
    },
    async (span) => {
      const started = performance.now();
      const attempts: CommandAttempts = { conflicts: 0 };
      let outcome = 'failed';
      try {
        const handled = await run(attempts);
        outcome = handled.replayed ? 'replayed' : 'accepted';
        span.setAttribute(ATTRIBUTES.version, handled.result.version);
        return handled;
      } catch (error) {
        const { code } = error as { code?: unknown };
        if (typeof code === 'string') outcome = code;
        throw error;
      } finally {
        span.setAttributes({ [ATTRIBUTES.outcome]: outcome, [ATTRIBUTES.conflicts]: attempts.conflicts });
        const metrics = appMetrics();
        metrics.commands.add(1, { ...attributes, [ATTRIBUTES.outcome]: outcome });
        metrics.commandDuration.record(performance.now() - started, {
          ...attributes,
          [ATTRIBUTES.outcome]: outcome,
        });
        if (attempts.conflicts > 0) metrics.conflicts.add(attempts.conflicts, attributes);
      }
    },
  );
}
