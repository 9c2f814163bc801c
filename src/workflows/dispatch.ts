// Carrying out a workflow's command: through the command pipeline HTTP commands take, with an Idempotency-Key
// made of the instance and the output, so sending it again after a crash returns the first run's result instead
// of applying it twice. A refusal (a domain rule, a missing aggregate, a payload the target rejects) is a result
// the workflow decides on; a transient failure (a store down, a race lost too often, a deadline) is tried again
// with growing pauses, and after the configured attempts the instance is marked stuck. Anything else is thrown:
// the message goes back to the bus, and its next delivery carries the command out again (same key).
import { setTimeout as sleep } from 'node:timers/promises';
import type { CommandRequest, CommandOutcome as PipelineOutcome } from '../commands/commandHandler.js';
import { idempotencyKeyFor } from '../commands/idempotency.js';
import { AggregateNotFound, DomainRuleViolated } from '../domain/decider.js';
import { ApplicationError, ConcurrencyError } from '../errors.js';
import { describeError } from '../shared/describeError.js';
import { ATTRIBUTES, inSpan } from '../telemetry/tracing.js';
import type { PendingCommand, SendOutput } from './instance.js';
import { isTransientWorkflowFailure } from './transient.js';
import type { CommandOutcome, WorkflowInput } from './workflow.js';

/** The command pipeline, as the engine uses it (CommandHandler). */
export interface CommandSender {
  handle(request: CommandRequest): Promise<PipelineOutcome>;
}

export interface Dispatch {
  workflow: string;
  instanceId: string;
  outputId: string;
  output: SendOutput;
  correlationId: string;
  attempts: number;
  /** First pause after a transient failure (default 250 ms); each later one doubles, up to 10 s. */
  firstDelayInMs?: number;
  onRetry?: (error: unknown, attempt: number) => void;
}

export type Dispatched = { outcome: CommandOutcome } | { stuck: string };

export async function dispatchCommand(sender: CommandSender, dispatch: Dispatch): Promise<Dispatched> {
  const { output } = dispatch;
  const request: CommandRequest = {
    ...output.target,
    commandName: output.commandName,
    payload: output.payload,
    idempotencyKey: idempotencyKeyFor({
      workflow: dispatch.workflow,
      instanceId: dispatch.instanceId,
      outputId: dispatch.outputId,
    }),
    correlationId: dispatch.correlationId,
    causationId: `workflow.${dispatch.workflow}/${dispatch.instanceId}/${dispatch.outputId}`,
    source: `workflow.${dispatch.workflow}`,
  };
  const first = dispatch.firstDelayInMs ?? 250;
  for (let attempt = 1; ; attempt++) {
    try {
      const attributes = { [ATTRIBUTES.workflow]: dispatch.workflow, 'app.attempt': attempt };
      const { result } = await inSpan(`workflow.dispatch ${output.commandName}`, { attributes }, () =>
        sender.handle(request),
      );
      return { outcome: { accepted: true, version: result.version } };
    } catch (error) {
      const refusal = refusalOf(error);
      if (refusal) return { outcome: refusal };
      if (!isTransientWorkflowFailure(error)) throw error;
      if (attempt >= dispatch.attempts) {
        return {
          stuck: `${output.commandName} of ${output.target.aggregateType}/${output.target.aggregateId}: ${describeError(error)}`,
        };
      }
      dispatch.onRetry?.(error, attempt);
      const window = Math.min(10_000, first * 2 ** (attempt - 1));
      await sleep(window / 2 + Math.random() * (window / 2));
    }
  }
}

/** A failure that is the command's answer (the same every time), or undefined for one worth another try. */
export function refusalOf(error: unknown): Extract<CommandOutcome, { accepted: false }> | undefined {
  if (error instanceof DomainRuleViolated)
    return { accepted: false, code: 'domain-rule-violated', reason: error.reason };
  if (error instanceof AggregateNotFound) return { accepted: false, code: 'aggregate-not-found' };
  if (error instanceof ApplicationError && error.status < 500 && !(error instanceof ConcurrencyError))
    return { accepted: false, code: error.code };
  return undefined;
}

/**
 * Carries out one pending command of an instance (`dispatchCommand`) and answers its result as the instance's
 * next input (`at` stamps it), or why the instance is stuck.
 */
export async function sendPending(
  sender: CommandSender,
  pending: PendingCommand,
  context: Omit<Dispatch, 'outputId' | 'output'> & { at: () => string },
): Promise<{ input: WorkflowInput } | { stuck: string }> {
  const { at, ...dispatch } = context;
  const dispatched = await dispatchCommand(sender, {
    ...dispatch,
    outputId: pending.outputId,
    output: pending.output,
  });
  if ('stuck' in dispatched) return dispatched;
  const { target, commandName } = pending.output;
  return {
    input: {
      kind: 'command-result',
      at: at(),
      outputId: pending.outputId,
      command: { ...target, commandName },
      outcome: dispatched.outcome,
    },
  };
}
