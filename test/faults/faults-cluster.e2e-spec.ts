// The fault suite on the cluster profile (`npm run start:cluster`: the official Temporal server on the same PostgreSQL
// as Lianluo, two workers, two API replicas; issue #18 item 3): see support/fault-suite.ts.
import { describeFaults } from './support/fault-suite';

describeFaults('server');
