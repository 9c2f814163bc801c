// The rules of the `fleet.vehicle` sample aggregate.
import { AggregateNotFound, assertNever, DomainRuleViolated } from '../decider.js';
import type { FleetVehicleCommand } from './commands.js';
import type { FleetVehicleEvent } from './events.js';
import type { FleetVehicleState } from './state.js';

export function decide(command: FleetVehicleCommand, state: FleetVehicleState): FleetVehicleEvent[] {
  if (state.status === 'retired')
    throw new DomainRuleViolated('vehicle-retired', 'The vehicle has been retired.');
  if (command.type === 'register') {
    if (state.status !== 'new') {
      throw new DomainRuleViolated(
        'vehicle-already-registered',
        'A vehicle with this registration already exists.',
      );
    }
    return [{ type: 'VehicleRegistered', data: { ...command.data } }];
  }
  if (state.status === 'new')
    throw new AggregateNotFound('The vehicle is not registered; register it first.');
  switch (command.type) {
    case 'record-mileage':
      assertNoRollback(state, command.data.odometer);
      return [{ type: 'MileageRecorded', data: { odometer: command.data.odometer } }];
    case 'lease':
      if (state.status === 'leased')
        throw new DomainRuleViolated('already-leased', 'The vehicle is already leased.');
      return [
        { type: 'VehicleLeased', data: { customer: command.data.customer, until: command.data.until } },
      ];
    case 'return':
      if (state.status !== 'leased') throw new DomainRuleViolated('not-leased', 'The vehicle is not leased.');
      assertNoRollback(state, command.data.odometer);
      return [{ type: 'VehicleReturned', data: { odometer: command.data.odometer } }];
    case 'retire':
      if (state.status === 'leased') {
        throw new DomainRuleViolated(
          'already-leased',
          'A leased vehicle cannot be retired; return it first.',
        );
      }
      return [{ type: 'VehicleRetired', data: {} }];
    default:
      return assertNever(command);
  }
}

function assertNoRollback(state: FleetVehicleState, odometer: number): void {
  if (odometer < state.odometer) {
    throw new DomainRuleViolated(
      'odometer-rollback',
      `The odometer reads ${odometer}, below the last reading of ${state.odometer}.`,
    );
  }
}
