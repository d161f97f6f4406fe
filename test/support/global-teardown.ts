import { endTestRun } from './test-runs';

export default endTestRun;
