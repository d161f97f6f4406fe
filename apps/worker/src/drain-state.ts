import { Injectable } from '@nestjs/common';

/**
 * Whether the worker is stopping. Set first thing on SIGTERM, before any job is waited for, so
 * readiness (health controller, heartbeat) turns false while the running jobs finish.
 */
@Injectable()
export class DrainState {
  draining = false;
}
