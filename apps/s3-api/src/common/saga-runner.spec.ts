import { Counter, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { SAGA_UNDO_FAILURES_METRIC, SagaRunner } from './saga-runner.js';

describe('SagaRunner', () => {
  it('undoes what was done, and counts by operation the undo steps that failed', async () => {
    const registry = new Registry();
    const counter = new Counter({ name: SAGA_UNDO_FAILURES_METRIC, help: 'h', labelNames: ['operation'], registers: [registry] });
    const runner = new SagaRunner(counter);
    const undone: string[] = [];
    const failing = runner.run('createThing', async (saga) => {
      await saga.step(
        'first',
        async () => 'a',
        async () => void undone.push('first'),
      );
      await saga.step(
        'second',
        async () => 'b',
        async () => {
          throw new Error('AWS said no');
        },
      );
      throw new Error('third step failed');
    });
    await expect(failing).rejects.toThrow('third step failed');
    expect(undone).toEqual(['first']);
    expect((await counter.get()).values).toEqual([{ labels: { operation: 'createThing' }, value: 1 }]);
  });
});
