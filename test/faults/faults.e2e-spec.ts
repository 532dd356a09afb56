// The fault suite on the dev stack (`npm start`: the Temporal dev server, one worker, one API): see support/fault-suite.ts.
import { describeFaults } from './support/fault-suite';

describeFaults('dev');
