import { Global, Injectable, Logger, Module } from '@nestjs/common';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Counter } from 'prom-client';
import { runSaga, type Saga } from '#common';
import { counterProvider } from './metrics-registry.js';

export const SAGA_UNDO_FAILURES_METRIC = 's3api_saga_undo_failures_total';

/**
 * Runs every multi-step operation of the service: on failure the done steps are undone, and an undo
 * that fails is logged and counted the same way whichever feature it belongs to, since something may
 * be left behind in AWS for an operator to clean up.
 */
@Injectable()
export class SagaRunner {
  private readonly logger = new Logger(SagaRunner.name);

  constructor(@InjectMetric(SAGA_UNDO_FAILURES_METRIC) private readonly undoFailures: Counter<'operation'>) {}

  /** `operation` names the work in logs and in the metric (a route's operation, e.g. `createBucket`); `context` goes in the log line. */
  run<T>(operation: string, work: (saga: Saga) => Promise<T>, context: Readonly<Record<string, string>> = {}): Promise<T> {
    return runSaga(work, {
      onUndoFailure: ({ step, error }) => {
        this.undoFailures.inc({ operation });
        this.logger.error({ operation, step, err: error, ...context }, `could not undo '${step}' of a failed ${operation}: something may be left behind`);
      },
    });
  }
}

@Global()
@Module({
  providers: [
    SagaRunner,
    counterProvider({
      name: SAGA_UNDO_FAILURES_METRIC,
      help: 'Undo steps of failed multi-step operations that could not be completed (something may be left behind in AWS)',
      labelNames: ['operation'],
    }),
  ],
  exports: [SagaRunner],
})
export class SagaModule {}
