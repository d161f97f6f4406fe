import { beginTestRun } from './test-runs';

export default beginTestRun;
