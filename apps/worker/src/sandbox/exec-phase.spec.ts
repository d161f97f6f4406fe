import { programCpuMs } from './exec-phase';

describe('programCpuMs', () => {
  it('takes the engine cost of the exec off the cgroup CPU, in ms', () => {
    expect(programCpuMs(52_400_000, 45_000_000)).toBe(7);
    expect(programCpuMs(2_045_000_000, 45_000_000)).toBe(2000);
  });
  it('never reports negative CPU when the engine took less than at calibration', () => {
    expect(programCpuMs(30_000_000, 45_000_000)).toBe(0);
  });
  it('reports the raw figure when nothing was calibrated', () => {
    expect(programCpuMs(12_600_000, 0)).toBe(13);
  });
});
