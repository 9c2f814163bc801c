// The `fleet.vehicle` sample aggregate: register a vehicle, record mileage, lease and return it, retire it.
import type { AggregateDefinition } from '../decider.js';
import { type FleetVehicleCommand, fleetVehicleCommands } from './commands.js';
import { decide } from './decide.js';
import { type FleetVehicleEvent, fleetVehicleEventTypes } from './events.js';
import { evolve, type FleetVehicleState, initialState } from './state.js';

export type { FleetVehicleCommand } from './commands.js';
export type { FleetVehicleEvent } from './events.js';
export type { FleetVehicleState } from './state.js';

export const fleetVehicle: AggregateDefinition<FleetVehicleState, FleetVehicleCommand, FleetVehicleEvent> = {
  type: 'fleet.vehicle',
  commands: fleetVehicleCommands,
  eventTypes: fleetVehicleEventTypes,
  decider: { initialState, decide, evolve },
};
