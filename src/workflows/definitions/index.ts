// Every workflow the application runs. Add a new one here (one folder per workflow beside this file); the
// engine's subscription filter, the instance streams and the operator routes follow from this list.
import type { WorkflowDefinition } from '../workflow.js';
import { moneyTransfer } from './moneyTransfer/index.js';

/** What the workflows take from the app settings. */
export interface WorkflowSettings {
  transferApprovalTimeoutInMs: number;
}

/** Without settings, the defaults (enough to know the workflows' names and instance types). */
export function workflowDefinitions(
  settings: WorkflowSettings = { transferApprovalTimeoutInMs: 86_400_000 },
): WorkflowDefinition[] {
  return [
    moneyTransfer({ approvalTimeoutInMs: settings.transferApprovalTimeoutInMs }),
  ] as WorkflowDefinition[];
}
