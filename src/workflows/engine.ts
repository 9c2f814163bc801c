// The workflow engine. For each input (an event from the workflows subscription, a timer from the timers
// queue): load the instance, skip what it has already taken, let the definition decide, and append the input
// with its outputs in one append with the expected version (a lost race re-loads and decides again). Then carry
// the outputs out: commands through the command pipeline (each result recorded back as an input, which may
// decide more), timers onto the timers queue. The message is settled only after that, so a crash anywhere is
// finished by the message's next delivery: its input is already recorded, and the outputs its handling decided
// (their `root`) are still pending. Only that input's handler carries them out, so two deliveries for one
// instance never send the same command side by side; an operator's retry carries out everything pending.
import { KeyedLock } from '../commands/keyedLock.js';
import { ConcurrencyError, NotFoundError, quoteIdentifier } from '../errors.js';
import { type Clock, systemClock } from '../shared/clock.js';
import { InvalidMessageError } from '../shared/jsonBody.js';
import { parseMessageBody } from '../shared/messageBody.js';
import { armed, decide, type Handler, nextOutput, resumed } from './decisions.js';
import { sendPending } from './dispatch.js';
import type { Taken, WorkflowEngineOptions } from './engineTypes.js';
import { instancesOf, newInputs } from './inputs.js';
import {
  type Instance,
  type InstanceEvent,
  inputKey,
  type PendingCommand,
  type TimerState,
} from './instance.js';
import type { EventCause, LoadedInstance } from './instanceStreams.js';
import { instanceView } from './status.js';
import { parseTimerMessage } from './timers.js';
import type { WorkflowDefinition, WorkflowInput } from './workflow.js';

export class WorkflowEngine {
  private readonly byName: Map<string, WorkflowDefinition>;
  private readonly lock = new KeyedLock();
  private readonly now: Clock;
  private readonly log: (message: string) => void;

  constructor(private readonly options: WorkflowEngineOptions) {
    this.byName = new Map(options.definitions.map((definition) => [definition.name, definition]));
    this.now = options.now ?? systemClock;
    this.log = options.log ?? ((message) => console.warn(message));
  }

  get definitions(): readonly WorkflowDefinition[] {
    return this.options.definitions;
  }

  /** The definition of a workflow; NotFoundError `unknown-workflow` for any other name. */
  definition(name: string): WorkflowDefinition {
    const definition = this.byName.get(name);
    if (definition) return definition;
    throw new NotFoundError(
      'unknown-workflow',
      `There is no workflow ${quoteIdentifier(name)} (known: ${[...this.byName.keys()].join(', ')}).`,
    );
  }

  /** A message of the workflows subscription: an event, taken by every instance it belongs to. */
  async handleEvent(body: unknown): Promise<Taken[]> {
    const envelope = parseMessageBody(body);
    const taken: Taken[] = [];
    for (const { definition, instanceId, input } of instancesOf(
      this.options.definitions,
      this.options.catalogue,
      envelope,
    )) {
      taken.push(await this.take(definition, instanceId, input));
    }
    return taken;
  }

  /** A message of the timers queue. */
  async handleTimer(body: unknown): Promise<Taken> {
    const timer = parseTimerMessage(body);
    const definition = this.byName.get(timer.workflow);
    if (!definition) throw new InvalidMessageError(`The timer names no known workflow (${timer.workflow}).`);
    const { timerId, name, dueAt } = timer;
    return this.take(definition, timer.instanceId, { kind: 'timer', at: dueAt, timerId, name });
  }

  async status(workflow: string, instanceId: string) {
    const definition = this.definition(workflow);
    const loaded = await this.options.streams.load(definition, instanceId, 'catch-up');
    if (loaded.version === 0) throw instanceNotFound(workflow, instanceId);
    return instanceView(workflow, instanceId, loaded.instance, loaded.version);
  }

  /** Resumes a stuck instance and carries out everything it has pending, whoever decided it. */
  async retry(workflow: string, instanceId: string) {
    const definition = this.definition(workflow);
    const key = `${definition.name}/${instanceId}`;
    const loaded = await this.lock.run(key, async () => {
      let loaded = await this.options.streams.load(definition, instanceId, 'catch-up');
      if (loaded.version === 0) throw instanceNotFound(workflow, instanceId);
      if (loaded.instance.stuck)
        loaded = await this.append(definition, loaded, [resumed()], 'resume', 'retry');
      return this.carryOut(definition, loaded, undefined, { root: 'retry', carryAll: true });
    });
    return instanceView(workflow, instanceId, loaded.instance, loaded.version);
  }

  private async take(definition: WorkflowDefinition, instanceId: string, input: WorkflowInput) {
    const root = inputKey(input);
    return this.lock.run(`${definition.name}/${instanceId}`, async () => {
      const loaded = await this.options.streams.load(definition, instanceId);
      const before = loaded.version;
      const after = await this.carryOut(definition, loaded, input, { root, carryAll: false });
      const outcome = after.instance.stuck ? 'stuck' : after.version > before ? 'recorded' : 'already-taken';
      return { workflow: definition.name, instanceId, outcome } satisfies Taken;
    });
  }

  /** Records `input` (if new), then carries out the handler's pending outputs until none is left. */
  private async carryOut(
    definition: WorkflowDefinition,
    start: LoadedInstance,
    firstInput: WorkflowInput | undefined,
    handler: Handler,
  ): Promise<LoadedInstance> {
    let loaded = start;
    let input = firstInput;
    for (;;) {
      if (input) {
        const inputs = await newInputs(
          this.options,
          definition,
          loaded.stream.aggregateId,
          loaded.instance,
          input,
        );
        if (inputs.length > 0) {
          try {
            loaded = await this.record(definition, loaded, inputs, handler.root);
          } catch (error) {
            if (!(error instanceof ConcurrencyError)) throw error;
            loaded = await this.options.streams.load(definition, loaded.stream.aggregateId, 'catch-up');
            continue; // take it again on what the other writer left
          }
        }
        input = undefined;
      }
      if (loaded.instance.stuck && !handler.carryAll) return loaded;
      const next = nextOutput(loaded.instance, handler);
      if (!next) return loaded;
      if ('output' in next) {
        const result = await this.send(definition, loaded, next);
        if ('stuck' in result) {
          const stuck: InstanceEvent = {
            type: 'Stuck',
            data: { outputId: next.outputId, error: result.stuck },
          };
          this.log(`Workflow ${definition.name}/${loaded.stream.aggregateId} is stuck: ${result.stuck}`);
          return this.append(definition, loaded, [stuck], 'mark-stuck', handler.root);
        }
        input = result.input;
      } else {
        loaded = await this.arm(definition, loaded, next, handler.root);
      }
    }
  }

  /** Appends the inputs and the outputs the definition decides for each, in one append. */
  private async record(
    definition: WorkflowDefinition,
    loaded: LoadedInstance,
    inputs: WorkflowInput[],
    root: string,
  ) {
    const { instance, events, cancelled } = decide(definition, loaded.instance, inputs, root);
    const appended = await this.append(
      definition,
      { ...loaded, instance },
      events,
      'take-input',
      root,
      loaded,
    );
    // A cancelled timer that fires anyway is ignored; removing its message is a courtesy to the queue.
    for (const sequenceNumber of cancelled) {
      await this.options.timers.cancel(sequenceNumber).catch((error: unknown) => {
        this.log(`Could not cancel timer message ${sequenceNumber}: ${String(error)}`);
      });
    }
    return appended;
  }

  /** Sends a pending command; answers its result as the next input, or why the instance is stuck. */
  private async send(definition: WorkflowDefinition, loaded: LoadedInstance, pending: PendingCommand) {
    const { commands, commandAttempts, firstRetryDelayInMs } = this.options;
    return sendPending(commands, pending, {
      workflow: definition.name,
      instanceId: loaded.stream.aggregateId,
      correlationId: correlationOf(loaded, loaded.instance),
      attempts: commandAttempts,
      ...(firstRetryDelayInMs === undefined ? {} : { firstDelayInMs: firstRetryDelayInMs }),
      at: () => this.now().toISOString(),
    });
  }

  /** Schedules a timer's message, then records that it is armed. */
  private async arm(definition: WorkflowDefinition, loaded: LoadedInstance, timer: TimerState, root: string) {
    const { aggregateId: instanceId } = loaded.stream;
    const { timerId, name, dueAt } = timer;
    const sequenceNumber = await this.options.timers.schedule({
      workflow: definition.name,
      instanceId,
      timerId,
      name,
      dueAt,
    });
    try {
      return await this.append(definition, loaded, [armed(timerId, sequenceNumber)], 'arm-timer', root);
    } catch (error) {
      if (!(error instanceof ConcurrencyError)) throw error;
      // Someone else appended meanwhile: look again (scheduling once more sends a copy the queue drops).
      return this.options.streams.load(definition, instanceId, 'catch-up');
    }
  }

  /**
   * Appends `events` to the instance as `loaded` holds it (`base`, when given, is the version on the store:
   * `loaded` may already include the events).
   */
  private append(
    definition: WorkflowDefinition,
    loaded: LoadedInstance,
    events: InstanceEvent[],
    commandName: string,
    causationId: string,
    base: LoadedInstance = loaded,
  ) {
    const cause: EventCause = {
      commandName,
      causationId,
      correlationId: correlationOf(loaded, loaded.instance),
    };
    return this.options.streams.append(definition, base, events, cause);
  }
}

function correlationOf(loaded: LoadedInstance, instance: Instance): string {
  return instance.correlationId ?? `${loaded.stream.aggregateType}/${loaded.stream.aggregateId}`;
}

function instanceNotFound(workflow: string, instanceId: string): NotFoundError {
  return new NotFoundError(
    'workflow-instance-not-found',
    `Workflow ${workflow} has no instance ${quoteIdentifier(instanceId)}.`,
  );
}
