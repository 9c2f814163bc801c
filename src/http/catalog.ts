// GET /api/catalog: what the application serves, derived from its registries and never listed by hand: the
// aggregate types of the command registry (with the store the configuration map gives each, the JSON Schema of
// every command's payload from its zod schema, and the event types with their schema versions), the projection
// definitions of the read side, and the workflow definitions.
import { z } from 'zod';
import type { Application } from '../application.js';
import { settingsFor } from '../config/configurationMap.js';
import type { AggregateDefinition } from '../domain/decider.js';
import type { ProjectionDefinition } from '../projections/index.js';

export type JsonSchema = Record<string, unknown>;

export interface CommandEntry {
  name: string;
  /** The payload's JSON Schema (draft 2020-12), as a client sends it (defaults make a property optional). */
  schema: JsonSchema;
}

export interface EventTypeEntry {
  type: string;
  /** The schema version new events are written with; older ones are upcast on read. */
  schemaVersion: number;
}

export interface AggregateTypeEntry {
  type: string;
  /** The configuration map's implementation name and its store type, e.g. `blob` / `append-blob`. */
  store: { name: string; type: string };
  commands: CommandEntry[];
  events: EventTypeEntry[];
}

export interface ProjectionEntry {
  name: string;
  kind: ProjectionDefinition['kind'];
  /** Per aggregate type, the event types it handles. */
  handles: Record<string, string[]>;
}

/** A workflow (process manager): the events it reacts to and the commands it may send. */
export interface WorkflowEntry {
  name: string;
  reactsTo: Record<string, string[]>;
  sends: { aggregateType: string; command: string }[];
}

export interface Catalog {
  aggregateTypes: AggregateTypeEntry[];
  projections: ProjectionEntry[];
  workflows: WorkflowEntry[];
}

export function describeCatalog(application: Application): Catalog {
  const { registry, settings } = application;
  return {
    aggregateTypes: registry.aggregateTypes().map((type) => {
      const store = settingsFor(settings.configurationMap, type).store;
      const storeType = settings.configurationMap.implementations[store]?.type ?? 'unknown';
      return aggregateEntry(registry.aggregate(type), { name: store, type: storeType });
    }),
    projections: application.projections.definitions.map(projectionEntry),
    workflows: workflowEntries(application),
  };
}

/** The JSON Schema of a command payload, as a client writes it (zod's input side: defaults are optional). */
export function payloadSchema(schema: z.ZodType): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
  return rest;
}

function aggregateEntry(aggregate: AggregateDefinition, store: AggregateTypeEntry['store']) {
  const entry: AggregateTypeEntry = {
    type: aggregate.type,
    store,
    commands: Object.entries<z.ZodType>(aggregate.commands).map(([name, schema]) => ({
      name,
      schema: payloadSchema(schema),
    })),
    events: aggregate.eventTypes.map((type) => ({
      type,
      schemaVersion: aggregate.eventSchemas?.[type]?.schemaVersion ?? 1,
    })),
  };
  return entry;
}

function projectionEntry(definition: ProjectionDefinition): ProjectionEntry {
  const handles = Object.fromEntries(
    Object.entries(definition.handles).map(([type, events]) => [type, [...events]]),
  );
  return { name: definition.name, kind: definition.kind, handles };
}

/** The workflows' entries: what each reacts to and the commands it may send. */
function workflowEntries(application: Application): WorkflowEntry[] {
  return application.workflows.definitions.map(({ name, reactsTo, sends }) => ({
    name,
    reactsTo: Object.fromEntries(Object.entries(reactsTo).map(([type, events]) => [type, [...events]])),
    sends: sends.map(({ aggregateType, command }) => ({ aggregateType, command })),
  }));
}
