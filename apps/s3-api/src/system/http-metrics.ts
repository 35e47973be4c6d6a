import { getToken } from '@willsoto/nestjs-prometheus';
import { Histogram, type Registry } from 'prom-client';
import { AppConfig } from '../config/app-config.js';
import { gaugeProvider, METRICS_REGISTRY } from '../common/metrics-registry.js';

export const HTTP_DURATION_METRIC = 's3api_http_request_duration_seconds';
export const HTTP_IN_FLIGHT_METRIC = 's3api_http_requests_in_flight';

const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];

/** Buckets up to the request budget, the longest a request can take, so its tail stays visible. */
export const durationBuckets = (budgetSeconds: number): number[] => [...BUCKETS.filter((b) => b < budgetSeconds), budgetSeconds];

export const httpMetricProviders = [
  {
    provide: getToken(HTTP_DURATION_METRIC),
    inject: [AppConfig, METRICS_REGISTRY],
    useFactory: (config: AppConfig, registry: Registry) =>
      new Histogram({
        name: HTTP_DURATION_METRIC,
        help: 'HTTP request duration in seconds, by method, route template and status',
        labelNames: ['method', 'route', 'status'],
        buckets: durationBuckets(config.server.requestTimeoutSeconds),
        registers: [registry],
      }),
  },
  gaugeProvider({ name: HTTP_IN_FLIGHT_METRIC, help: 'HTTP requests received and not yet answered' }),
];
