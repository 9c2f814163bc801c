// Commands of the `diary.item` sample aggregate (after the seed's CQRS diary) and their payload schemas.
import { z } from 'zod';
import { dateTimeSchema } from '../dateTime.js';
import type { Command } from '../decider.js';

const title = z.string().trim().min(1).max(200);

export const diaryItemCommands = {
  create: z.strictObject({
    title,
    description: z.string().max(2000).optional(),
    from: dateTimeSchema,
    to: dateTimeSchema,
  }),
  rename: z.strictObject({ title }),
  reschedule: z.strictObject({ from: dateTimeSchema, to: dateTimeSchema }),
  delete: z.strictObject({}),
};

type Payload<Name extends keyof typeof diaryItemCommands> = z.output<(typeof diaryItemCommands)[Name]>;

export type DiaryItemCommand =
  | Command<'create', Payload<'create'>>
  | Command<'rename', Payload<'rename'>>
  | Command<'reschedule', Payload<'reschedule'>>
  | Command<'delete', Payload<'delete'>>;
