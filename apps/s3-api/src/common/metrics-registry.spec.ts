import { PerformanceObserver } from 'node:perf_hooks';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { newMetricsRegistry } from './metrics-registry.js';

const names = (registry: Registry) =>
  registry
    .getMetricsAsArray()
    .map((metric) => metric.name)
    .sort();

describe('process metrics', () => {
  afterEach(() => vi.restoreAllMocks());

  it("has every one of prom-client's default metrics but the GC duration histogram", () => {
    const defaults = new Registry();
    collectDefaultMetrics({ register: defaults });
    expect(names(defaults)).toContain('nodejs_gc_duration_seconds');
    expect(names(newMetricsRegistry())).toEqual(names(defaults).filter((name) => name !== 'nodejs_gc_duration_seconds'));
  });

  it('observes no garbage collection', () => {
    const observe = vi.spyOn(PerformanceObserver.prototype, 'observe');
    newMetricsRegistry();
    const observed = observe.mock.calls.flatMap(([options]) => ('type' in options ? [options.type] : options.entryTypes));
    expect(observed).not.toContain('gc');
  });

  it('reports them in the Prometheus text', async () => {
    const text = await newMetricsRegistry().metrics();
    expect(text).toMatch(/^process_cpu_user_seconds_total \d/m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds \d/m);
    expect(text).toMatch(/^nodejs_heap_space_size_used_bytes\{space="old"\} \d+/m);
  });
});
