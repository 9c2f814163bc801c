// Events of the `fleet.vehicle` sample aggregate.
import type { DomainEvent } from '../decider.js';

export type VehicleRegistered = DomainEvent<
  'VehicleRegistered',
  { make: string; model: string; year: number }
>;
export type MileageRecorded = DomainEvent<'MileageRecorded', { odometer: number }>;
export type VehicleLeased = DomainEvent<'VehicleLeased', { customer: string; until: string }>;
export type VehicleReturned = DomainEvent<'VehicleReturned', { odometer: number }>;
export type VehicleRetired = DomainEvent<'VehicleRetired', Record<string, never>>;

export type FleetVehicleEvent =
  | VehicleRegistered
  | MileageRecorded
  | VehicleLeased
  | VehicleReturned
  | VehicleRetired;

export const fleetVehicleEventTypes = [
  'VehicleRegistered',
  'MileageRecorded',
  'VehicleLeased',
  'VehicleReturned',
  'VehicleRetired',
] as const satisfies readonly FleetVehicleEvent['type'][];
