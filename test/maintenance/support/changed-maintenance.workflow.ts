// A deliberately non-deterministic edit of the maintenance workflow, for the replay suite to reject: it waits on a
// timer that no recorded history has, as an unguarded change to the running logic would.
import { sleep } from '@temporalio/workflow';
import type { MaintenanceResult, MaintenanceWorkflowInput } from '../../../libs/contracts/src/maintenance-workflow';
import { maintenanceWorkflow as currentMaintenanceWorkflow } from '../../../workflows/maintenance.workflow';

export async function maintenanceWorkflow(input: MaintenanceWorkflowInput = {}): Promise<MaintenanceResult> {
  await sleep('1 minute');
  return await currentMaintenanceWorkflow(input);
}
