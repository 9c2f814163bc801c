// `vehicle-summary`: one snapshot per fleet vehicle (the registration is the aggregate id): what it is, its
// last odometer reading, and whether it is available, leased (and to whom) or retired.
import { assertNever } from '../../domain/decider.js';
import { fleetVehicleEventTypes } from '../../domain/fleetVehicle/events.js';
import type { FleetVehicleEvent } from '../../domain/fleetVehicle/index.js';
import type { PerAggregateProjection } from '../projection.js';

export interface VehicleSummary {
  registration: string;
  make: string;
  model: string;
  year: number;
  odometer: number;
  leasedTo: string | null;
  status: 'available' | 'leased' | 'retired';
}

export const vehicleSummary: PerAggregateProjection<VehicleSummary, FleetVehicleEvent> = {
  kind: 'per-aggregate',
  name: 'vehicle-summary',
  handles: { 'fleet.vehicle': fleetVehicleEventTypes },
  initialState: (registration) => ({
    registration,
    make: '',
    model: '',
    year: 0,
    odometer: 0,
    leasedTo: null,
    status: 'available',
  }),
  apply(state, event) {
    switch (event.type) {
      case 'VehicleRegistered': {
        const { make, model, year } = event.data;
        return { ...state, make, model, year, status: 'available' };
      }
      case 'MileageRecorded':
        return { ...state, odometer: event.data.odometer };
      case 'VehicleLeased':
        return { ...state, leasedTo: event.data.customer, status: 'leased' };
      case 'VehicleReturned':
        return { ...state, odometer: event.data.odometer, leasedTo: null, status: 'available' };
      case 'VehicleRetired':
        return { ...state, leasedTo: null, status: 'retired' };
      default:
        return assertNever(event);
    }
  },
};
