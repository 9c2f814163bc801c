// Commands of the `fleet.vehicle` sample aggregate (after the seed's vehicle example; the registration
// number is the aggregate id) and their payload schemas.
import { z } from 'zod';
import { dateTimeSchema } from '../dateTime.js';
import type { Command } from '../decider.js';

const odometer = z.number().int().min(0).max(10_000_000);

export const fleetVehicleCommands = {
  register: z.strictObject({
    make: z.string().trim().min(1).max(100),
    model: z.string().trim().min(1).max(100),
    year: z.number().int().min(1886).max(2100),
  }),
  'record-mileage': z.strictObject({ odometer }),
  lease: z.strictObject({ customer: z.string().trim().min(1).max(200), until: dateTimeSchema }),
  return: z.strictObject({ odometer }),
  retire: z.strictObject({}),
};

type Payload<Name extends keyof typeof fleetVehicleCommands> = z.output<(typeof fleetVehicleCommands)[Name]>;

export type FleetVehicleCommand =
  | Command<'register', Payload<'register'>>
  | Command<'record-mileage', Payload<'record-mileage'>>
  | Command<'lease', Payload<'lease'>>
  | Command<'return', Payload<'return'>>
  | Command<'retire', Payload<'retire'>>;
