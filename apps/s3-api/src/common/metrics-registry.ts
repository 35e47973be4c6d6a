import { type FactoryProvider, Global, Module } from '@nestjs/common';
import { getToken } from '@willsoto/nestjs-prometheus';
import { collectDefaultMetrics, Counter, type CounterConfiguration, Gauge, type GaugeConfiguration, Registry } from 'prom-client';

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

/** A registry with the process metrics (CPU, memory, event loop, GC) in it. */
export function newMetricsRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return registry;
}

@Global()
@Module({})
export class MetricsRegistryModule {
  static forRegistry(registry: Registry) {
    return { module: MetricsRegistryModule, providers: [{ provide: METRICS_REGISTRY, useValue: registry }], exports: [METRICS_REGISTRY] };
  }
}
