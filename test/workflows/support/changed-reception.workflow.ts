// A deliberately non-deterministic change of the reception-day workflow (a timer before anything else), to prove
// that the replay suite catches such a change.
import { sleep } from '@temporalio/workflow';
import type { ReceptionDayInput, ReceptionDayState } from '../../../libs/contracts/src/reception-workflow';
import { receptionDayWorkflow as current } from '../../../workflows/reception.workflow';

export async function receptionDayWorkflow(input: ReceptionDayInput): Promise<ReceptionDayState> {
  await sleep('1 second');
  return current(input);
}
