/**
 * Name of the FlowProducer (a Nest token, not a Redis key) that queues a submission together with
 * a job to run once it has finished (SubmissionsService.submit's `after`).
 */
export const SUBMISSION_FLOWS = 'submission-flows';
