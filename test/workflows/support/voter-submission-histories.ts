// Where the recorded runs of the voter-submission workflow are kept, for its time-skipping tests (which record them
// with RECORD_HISTORIES=1) and its replay test.
import { join } from 'node:path';
import { HISTORIES_DIR } from './time-skipping';

export const VOTER_SUBMISSION_HISTORIES_DIR = join(HISTORIES_DIR, 'voter-submission');
