// vehicle-summary: given a vehicle's events, then what it is, its odometer and whether it is leased.
import { describe, expect, it } from 'vitest';
import type { FleetVehicleEvent } from '../../../src/domain/fleetVehicle/index.js';
import { vehicleSummary } from '../../../src/projections/samples/vehicleSummary.js';
import { given, stream } from './support.js';

const vehicle = (events: FleetVehicleEvent[]) =>
  given(vehicleSummary, 'AB-123-CD', stream('fleet.vehicle', 'AB-123-CD', events));
const registered: FleetVehicleEvent = {
  type: 'VehicleRegistered',
  data: { make: 'Volvo', model: 'V60', year: 2024 },
};

describe('vehicle-summary', () => {
  it('given a registered vehicle, then it is available with its registration, make, model and year', () => {
    expect(vehicle([registered])).toEqual({
      registration: 'AB-123-CD',
      make: 'Volvo',
      model: 'V60',
      year: 2024,
      odometer: 0,
      leasedTo: null,
      status: 'available',
    });
  });

  it('given a lease, then leased to the customer; given the return, then available with the new reading', () => {
    const leased: FleetVehicleEvent = {
      type: 'VehicleLeased',
      data: { customer: 'Acme', until: '2026-06-01T00:00:00Z' },
    };
    expect(vehicle([registered, { type: 'MileageRecorded', data: { odometer: 120 } }, leased])).toMatchObject(
      {
        odometer: 120,
        leasedTo: 'Acme',
        status: 'leased',
      },
    );
    expect(vehicle([registered, leased, { type: 'VehicleReturned', data: { odometer: 900 } }])).toMatchObject(
      {
        odometer: 900,
        leasedTo: null,
        status: 'available',
      },
    );
  });

  it('given a retirement, then retired', () => {
    expect(vehicle([registered, { type: 'VehicleRetired', data: {} }])).toMatchObject({
      status: 'retired',
      leasedTo: null,
    });
  });
});
