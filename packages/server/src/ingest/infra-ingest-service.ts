import type { InfraMetricStore } from '../storage/index.js';
import { VigilError } from '../errors/index.js';
import { decodeRemoteWrite, mapRemoteWrite } from './prometheus-remote-write.js';

/** Prometheus remote-write into the infrastructure metric store; a return means the points are committed. */
export interface InfraIngestService {
  writePrometheus(bytes: Uint8Array): Promise<{ series: number; stored: number }>;
}

/** @example const infraIngest = createInfraIngestService({ infra: store.infra }); */
export function createInfraIngestService(deps: { infra: InfraMetricStore }): InfraIngestService {
  return {
    async writePrometheus(bytes) {
      let series;
      try {
        series = decodeRemoteWrite(bytes);
      } catch (err) {
        throw new VigilError('VIGIL_ERR_VALIDATION', (err as Error).message);
      }
      const points = mapRemoteWrite(series);
      const { stored } = points.length > 0 ? await deps.infra.record(points) : { stored: 0 };
      return { series: series.length, stored };
    },
  };
}
