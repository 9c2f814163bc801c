// The fleet.vehicle decider (issue 3): given past events, when a command, then events or a refusal.
import { describe, expect, it } from 'vitest';
import { type FleetVehicleEvent, fleetVehicle } from '../../src/domain/fleetVehicle/index.js';
import { deciderSpec } from './support/decider.js';

const given = deciderSpec(fleetVehicle);
const registered: FleetVehicleEvent = {
  type: 'VehicleRegistered',
  data: { make: 'Volvo', model: 'V60', year: 2024 },
};
const mileage = (odometer: number): FleetVehicleEvent => ({ type: 'MileageRecorded', data: { odometer } });
const leased: FleetVehicleEvent = {
  type: 'VehicleLeased',
  data: { customer: 'ACME', until: '2027-06-30T00:00:00Z' },
};
const returned = (odometer: number): FleetVehicleEvent => ({ type: 'VehicleReturned', data: { odometer } });
const retired: FleetVehicleEvent = { type: 'VehicleRetired', data: {} };

describe('fleet.vehicle', () => {
  it('registers a vehicle once: vehicle-already-registered after that', () => {
    given([]).when('register', { make: 'Volvo', model: 'V60', year: 2024 }).then([registered]);
    given([registered])
      .when('register', { make: 'Volvo', model: 'V60', year: 2024 })
      .thenRejects('vehicle-already-registered');
  });

  it('records mileage that never goes back: odometer-rollback', () => {
    given([registered])
      .when('record-mileage', { odometer: 1200 })
      .then([mileage(1200)]);
    given([registered, mileage(1200)])
      .when('record-mileage', { odometer: 1200 })
      .then([mileage(1200)]);
    given([registered, mileage(1200)])
      .when('record-mileage', { odometer: 1199 })
      .thenRejects('odometer-rollback');
  });

  it('leases an available vehicle: already-leased while it is out', () => {
    given([registered]).when('lease', { customer: 'ACME', until: '2027-06-30T00:00:00Z' }).then([leased]);
    given([registered, leased])
      .when('lease', { customer: 'Other', until: '2027-06-30T00:00:00Z' })
      .thenRejects('already-leased');
  });

  it('returns a leased vehicle with its odometer: not-leased otherwise, odometer-rollback if it went back', () => {
    given([registered, mileage(100), leased])
      .when('return', { odometer: 900 })
      .then([returned(900)]);
    given([registered]).when('return', { odometer: 900 }).thenRejects('not-leased');
    given([registered, leased, returned(900)])
      .when('return', { odometer: 950 })
      .thenRejects('not-leased');
    given([registered, mileage(1000), leased])
      .when('return', { odometer: 999 })
      .thenRejects('odometer-rollback');
  });

  it('retires an available vehicle, not a leased one; every command after is vehicle-retired', () => {
    given([registered]).when('retire').then([retired]);
    given([registered, leased]).when('retire').thenRejects('already-leased');
    for (const [command, payload] of [
      ['register', { make: 'Volvo', model: 'V60', year: 2024 }],
      ['record-mileage', { odometer: 5 }],
      ['lease', { customer: 'ACME', until: '2027-06-30T00:00:00Z' }],
      ['return', { odometer: 5 }],
      ['retire', {}],
    ] as const) {
      given([registered, retired]).when(command, payload).thenRejects('vehicle-retired');
    }
  });

  it('answers not found for any command but register on a vehicle that is not registered', () => {
    given([]).when('record-mileage', { odometer: 1 }).thenNotFound();
    given([]).when('lease', { customer: 'ACME', until: '2027-06-30T00:00:00Z' }).thenNotFound();
    given([]).when('return', { odometer: 1 }).thenNotFound();
    given([]).when('retire').thenNotFound();
  });

  it('validates payloads: integer odometer, year, non-empty names, a date-time for until', () => {
    const commands = fleetVehicle.commands;
    expect(commands['record-mileage'].safeParse({ odometer: 1.5 }).success).toBe(false);
    expect(commands['record-mileage'].safeParse({ odometer: -1 }).success).toBe(false);
    expect(commands.register.safeParse({ make: 'Volvo', model: 'V60', year: 2024.5 }).success).toBe(false);
    expect(commands.register.safeParse({ make: '', model: 'V60', year: 2024 }).success).toBe(false);
    expect(commands.lease.safeParse({ customer: 'ACME', until: 'next week' }).success).toBe(false);
  });
});
