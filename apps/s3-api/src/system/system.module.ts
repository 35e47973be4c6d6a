import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller.js';
import { ReadinessIndicator } from './readiness.indicator.js';
import { SystemController } from './system.controller.js';
import { WhoamiController } from './whoami.controller.js';

@Module({
  imports: [TerminusModule.forRoot({ errorLogStyle: 'json', logger: false })],
  controllers: [SystemController, HealthController, WhoamiController],
  providers: [ReadinessIndicator],
})
export class SystemModule {}
