import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { register } from 'prom-client';

/** Metrics live in prom-client's global registry: a closed app releases its names for the next one. */
@Injectable()
export class MetricsRegistryCleanup implements OnModuleDestroy {
  onModuleDestroy(): void {
    register.clear();
  }
}
