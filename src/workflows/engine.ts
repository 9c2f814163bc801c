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
import type { AggregateCatalogue } from '../shared/catalogue.js';
import { type Clock, systemClock } from '../shared/clock.js';
import { assertAggregateId } from '../shared/identifiers.js';
import { InvalidMessageError } from '../shared/jsonBody.js';
import { parseMessageBody } from '../shared/messageBody.js';
import type { EventStore } from '../stores/eventStore.js';
import { type CommandSender, dispatchCommand } from './dispatch.js';
import { eventInput, newInputs } from './inputs.js';
import {
  evolveInstance,
  type Instance,
  type InstanceEvent,
  inputKey,
  type PendingCommand,
  type TimerState,
  unarmedTimers,
} from './instance.js';
import type { EventCause, InstanceStreams, LoadedInstance } from './instanceStreams.js';
import { instanceView } from './status.js';
import { parseTimerMessage, type WorkflowTimers } from './timers.js';
import type { WorkflowDefinition, WorkflowInput } from './workflow.js';

export interface WorkflowEngineOptions {
  definitions: readonly WorkflowDefinition[];
  catalogue: AggregateCatalogue;
  streams: InstanceStreams;
  /** For reading the events an instance missed (gap filling). */
  storeFor: (aggregateType: string) => EventStore;
  commands: CommandSender;
  timers: WorkflowTimers;
  /** Tries of a command failing for a transient reason before the instance is marked stuck. */
  commandAttempts: number;
  /** First pause between those tries (default 250 ms). */
  firstRetryDelayInMs?: number;
  now?: Clock;
  log?: (message: string) => void;
}

/** What handling one input did to one instance. */
export interface Taken {
  workflow: string;
  instanceId: string;
  outcome: 'recorded' | 'already-taken' | 'stuck';
}

/** Who is handling: the key of the delivered input (its outputs are this handler's), or an operator's retry. */
interface Handler {
  root: string;
  carryAll: boolean;
}

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
    for (const definition of this.options.definitions) {
      const type = envelope.aggregateType;
      if (!definition.reactsTo[type]?.includes(envelope.type)) continue;
      const input = eventInput(this.options.catalogue, envelope);
      const instanceId = definition.instanceOf(input.event);
      if (instanceId === undefined) continue;
      taken.push(await this.take(definition, assertAggregateId(instanceId), input));
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
    let instance = loaded.instance;
    const events: InstanceEvent[] = [];
    const cancelled: string[] = [];
    const add = (event: InstanceEvent) => {
      events.push(event);
      instance = evolveInstance(definition, instance, event);
    };
    for (const input of inputs) {
      const outputs = instance.completed ? [] : definition.decide(input, instance.state);
      add({ type: 'InputRecorded', data: { key: inputKey(input), input } });
      for (const output of outputs) {
        const sequenceNumber =
          output.kind === 'cancel' ? instance.timers[output.name]?.sequenceNumber : undefined;
        if (sequenceNumber) cancelled.push(sequenceNumber);
        add({ type: 'OutputRecorded', data: { outputId: `o${instance.outputs + 1}`, output, root } });
      }
    }
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

  private async send(definition: WorkflowDefinition, loaded: LoadedInstance, pending: PendingCommand) {
    const { stream, instance } = loaded;
    const dispatched = await dispatchCommand(this.options.commands, {
      workflow: definition.name,
      instanceId: stream.aggregateId,
      outputId: pending.outputId,
      output: pending.output,
      correlationId: correlationOf(loaded, instance),
      attempts: this.options.commandAttempts,
      ...(this.options.firstRetryDelayInMs === undefined
        ? {}
        : { firstDelayInMs: this.options.firstRetryDelayInMs }),
    });
    if ('stuck' in dispatched) return dispatched;
    const { target, commandName } = pending.output;
    const input: WorkflowInput = {
      kind: 'command-result',
      at: this.now().toISOString(),
      outputId: pending.outputId,
      command: { ...target, commandName },
      outcome: dispatched.outcome,
    };
    return { input };
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

/** The next output this handler carries out, in the order the outputs were decided. */
function nextOutput(instance: Instance, handler: Handler): PendingCommand | TimerState | undefined {
  const mine = (root: string) => handler.carryAll || root === handler.root;
  const candidates: (PendingCommand | TimerState)[] = [
    ...instance.pendingCommands.filter(({ root }) => mine(root)),
    ...unarmedTimers(instance).filter(({ root }) => mine(root)),
  ];
  const order = (candidate: PendingCommand | TimerState) =>
    Number(('output' in candidate ? candidate.outputId : candidate.timerId).slice(1));
  return candidates.sort((a, b) => order(a) - order(b))[0];
}

function correlationOf(loaded: LoadedInstance, instance: Instance): string {
  return instance.correlationId ?? `${loaded.stream.aggregateType}/${loaded.stream.aggregateId}`;
}

function armed(outputId: string, sequenceNumber: string): InstanceEvent {
  return { type: 'TimerArmed', data: { outputId, sequenceNumber } };
}

function resumed(): InstanceEvent {
  return { type: 'Resumed', data: {} };
}

function instanceNotFound(workflow: string, instanceId: string): NotFoundError {
  return new NotFoundError(
    'workflow-instance-not-found',
    `Workflow ${workflow} has no instance ${quoteIdentifier(instanceId)}.`,
  );
}
