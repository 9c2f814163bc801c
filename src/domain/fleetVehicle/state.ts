// The state of a fleet vehicle, folded from its events.
import { assertNever } from '../decider.js';
import type { FleetVehicleEvent } from './events.js';

export interface FleetVehicleState {
  status: 'new' | 'available' | 'leased' | 'retired';
  odometer: number;
  leasedTo: string | null;
}

export function initialState(): FleetVehicleState {
  return { status: 'new', odometer: 0, leasedTo: null };
}

export function evolve(state: FleetVehicleState, event: FleetVehicleEvent): FleetVehicleState {
  switch (event.type) {
    case 'VehicleRegistered':
      return { ...state, status: 'available' };
    case 'MileageRecorded':
      return { ...state, odometer: event.data.odometer };
    case 'VehicleLeased':
      return { ...state, status: 'leased', leasedTo: event.data.customer };
    case 'VehicleReturned':
      return { ...state, status: 'available', leasedTo: null, odometer: event.data.odometer };
    case 'VehicleRetired':
      return { ...state, status: 'retired', leasedTo: null };
    default:
      return assertNever(event);
  }
}
