// The route parameters of the workflow operator routes, checked before they reach a store.
import type { HttpRequest } from '@azure/functions';
import { assertAggregateId } from '../shared/identifiers.js';

export interface WorkflowInstanceRef {
  workflow: string;
  instanceId: string;
}

/** `{workflow}` is looked up by name (404 `unknown-workflow`); `{instanceId}` must be a valid aggregate id. */
export function parseWorkflowRoute(request: HttpRequest): WorkflowInstanceRef {
  return {
    workflow: request.params.workflow ?? '',
    instanceId: assertAggregateId(request.params.instanceId ?? ''),
  };
}
