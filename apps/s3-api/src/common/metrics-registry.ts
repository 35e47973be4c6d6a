import { type FactoryProvider, Global, Module } from '@nestjs/common';
import { getToken } from '@willsoto/nestjs-prometheus';
import { createRequire } from 'node:module';
import { Counter, type CounterConfiguration, Gauge, type GaugeConfiguration, Registry } from 'prom-client';

/** The application's own metrics registry: two applications in one process (a test's two replicas) never share a metric. */
export const METRICS_REGISTRY = Symbol('METRICS_REGISTRY');

type Config<C> = Omit<C, 'registers'>;

const metricProvider = <M>(name: string, make: (registry: Registry) => M): FactoryProvider<M> => ({
  provide: getToken(name),
  inject: [METRICS_REGISTRY],
  useFactory: make,
});

export const counterProvider = <L extends string>(config: Config<CounterConfiguration<L>>): FactoryProvider =>
  metricProvider(config.name, (registry) => new Counter<L>({ ...config, registers: [registry] }));

export const gaugeProvider = <L extends string>(config: Config<GaugeConfiguration<L>>): FactoryProvider =>
  metricProvider(config.name, (registry) => new Gauge<L>({ ...config, registers: [registry] }));

const requireCollector = createRequire(import.meta.url);

/**
 * prom-client's default collectors (its `collectDefaultMetrics`, which takes no exclusions), each from its
 * module, all but the GC duration histogram. That one observes every collection, and Node builds each
 * collection's performance entry with a map and deprecated accessors (DEP0152): about 4 KB promoted to
 * the old generation per scavenge, half of all that /ping load promoted, resident until the next full
 * collection. Collection pauses still show in the event-loop lag metrics.
 */
const PROCESS_COLLECTORS = [
  'processCpuTotal',
  'processStartTime',
  'osMemoryHeap',
  'processOpenFileDescriptors',
  'processMaxFileDescriptors',
  'eventLoopLag',
  'processResources',
  'processHandles',
  'processRequests',
  'heapSizeAndUsed',
  'heapSpacesSizeAndUsed',
  'version',
].map((name) => requireCollector(`prom-client/lib/metrics/${name}.js`) as (registry: Registry, config: object) => void);

/** A registry with the process metrics (CPU, memory, heap spaces, event loop, handles) in it. */
export function newMetricsRegistry(): Registry {
  const registry = new Registry();
  for (const collect of PROCESS_COLLECTORS) collect(registry, { eventLoopMonitoringPrecision: 10 });
  return registry;
}

@Global()
@Module({})
export class MetricsRegistryModule {
  static forRegistry(registry: Registry) {
    return { module: MetricsRegistryModule, providers: [{ provide: METRICS_REGISTRY, useValue: registry }], exports: [METRICS_REGISTRY] };
  }
}
