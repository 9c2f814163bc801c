// Sends commands and reads streams through the exported function handlers (callFunction.ts).
import { postCommand } from '../../functions/commands.js';
import { getState, getStream } from '../../functions/streams.js';
import { callFunction, type TestResponse } from './callFunction.js';

export { type CallOptions, callFunction, type TestResponse } from './callFunction.js';

export function sendCommand(
  aggregateType: string,
  aggregateId: string,
  commandName: string,
  payload?: unknown,
  headers: Record<string, string> = {},
): Promise<TestResponse> {
  const body =
    payload === undefined ? undefined : typeof payload === 'string' ? payload : JSON.stringify(payload);
  return callFunction(postCommand, {
    method: 'POST',
    url: `http://localhost:7071/api/commands/${aggregateType}/${aggregateId}/${commandName}`,
    params: { aggregateType, aggregateId, commandName },
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body,
  });
}

export function readStream(aggregateType: string, aggregateId: string, query = ''): Promise<TestResponse> {
  return callFunction(getStream, {
    url: `http://localhost:7071/api/streams/${aggregateType}/${aggregateId}${query}`,
    params: { aggregateType, aggregateId },
  });
}

export function readState(aggregateType: string, aggregateId: string, query = ''): Promise<TestResponse> {
  return callFunction(getState, {
    url: `http://localhost:7071/api/streams/${aggregateType}/${aggregateId}/state${query}`,
    params: { aggregateType, aggregateId },
  });
}
