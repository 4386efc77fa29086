// The OpenTelemetry settings of a Shard: the OTEL_* variables every container gets, and the file
// of the custom trace sampler. Nothing is rendered without otlpEndpoint (the operator would take
// the endpoint from its own environment, which a rendered Shard does not have), so settings
// written without one are a warning rather than dropped without a word. Pure.
import { error, info, warning, type FieldPath, type Issue } from './issue.js';
import type { OtelVariable } from './model.js';
import { validDnsSubdomain } from './rules.js';
import type { Observability } from './schemas.js';
import { describeValue } from './zod-issues.js';

/** The sampler that reads its configuration from a file (pgctld and multigres exit at start without it). */
export const CUSTOM_SAMPLER = 'multigres_custom';
/** The CRD's default key of the sampler file in its ConfigMap. */
export const DEFAULT_SAMPLER_FILE_KEY = 'sampling-config.yaml';

const CONFIG_MAP_KEY = /^[-._a-zA-Z0-9]+$/;

const OTEL_FIELDS: ReadonlyArray<[keyof Observability, string]> = [
  ['otlpEndpoint', 'OTEL_EXPORTER_OTLP_ENDPOINT'],
  ['otlpProtocol', 'OTEL_EXPORTER_OTLP_PROTOCOL'],
  ['tracesExporter', 'OTEL_TRACES_EXPORTER'],
  ['metricsExporter', 'OTEL_METRICS_EXPORTER'],
  ['logsExporter', 'OTEL_LOGS_EXPORTER'],
  ['metricExportInterval', 'OTEL_METRIC_EXPORT_INTERVAL'],
  ['metricsTemporality', 'OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE'],
  ['histogramAggregation', 'OTEL_EXPORTER_OTLP_METRICS_DEFAULT_HISTOGRAM_AGGREGATION'],
  ['tracesSampler', 'OTEL_TRACES_SAMPLER'],
];

export interface ParsedObservability {
  otel: OtelVariable[];
  /** The sampler file's ConfigMap, when OTEL variables are rendered and the sampler is the custom one. */
  sampling?: { configMapName: string; key: string };
  issues: Issue[];
}

const isSet = (v: unknown): boolean => v !== undefined && v !== '';

/** OTEL variables (none unless an endpoint is set and is not "disabled"), the sampler file, and what has no effect. */
export function parseObservability(o: Observability | undefined, path: FieldPath): ParsedObservability {
  if (!o) return { otel: [], issues: [] };
  const issues: Issue[] = [];
  if (!isSet(o.otlpEndpoint)) {
    const written = [...OTEL_FIELDS.map(([field]) => field), 'samplingConfigRef' as const].filter((f) => f !== 'otlpEndpoint' && isSet(o[f]));
    if (written.length > 0) {
      issues.push(
        warning(
          [...path, 'otlpEndpoint'],
          `no otlpEndpoint, so no OTEL variable is rendered and ${written.join(', ')} ${written.length === 1 ? 'has' : 'have'} no effect: the operator would take the endpoint from its own OTEL_EXPORTER_OTLP_ENDPOINT, which a rendered Shard does not have; set otlpEndpoint, or write otlpEndpoint: disabled to keep telemetry off`,
        ),
      );
    }
    return { otel: [], issues };
  }
  if (o.otlpEndpoint === 'disabled') return { otel: [], issues };
  const otel = OTEL_FIELDS.flatMap(([field, name]) => {
    const value = o[field];
    return typeof value === 'string' && value !== '' ? [{ name, value }] : [];
  });
  const ref = o.samplingConfigRef;
  const refPath = [...path, 'samplingConfigRef'];
  if (o.tracesSampler !== CUSTOM_SAMPLER) {
    if (ref) {
      issues.push(
        warning(
          refPath,
          `samplingConfigRef is used only with tracesSampler ${CUSTOM_SAMPLER}, and tracesSampler is ${o.tracesSampler === undefined ? 'not set' : describeValue(o.tracesSampler)}, so it is not mounted; set tracesSampler: ${CUSTOM_SAMPLER} or remove samplingConfigRef`,
        ),
      );
    }
    return { otel, issues };
  }
  if (!ref) {
    issues.push(
      error(
        refPath,
        `required with tracesSampler ${CUSTOM_SAMPLER}: pgctld and multigres read that sampler's file from OTEL_TRACES_SAMPLER_CONFIG and exit at start without it; name the ConfigMap that holds the file`,
        { proposedValue: { name: '', key: DEFAULT_SAMPLER_FILE_KEY } },
      ),
    );
    return { otel, issues };
  }
  const key = ref.key ?? DEFAULT_SAMPLER_FILE_KEY;
  issues.push(...validDnsSubdomain(ref.name, [...refPath, 'name'], 'ConfigMap name'));
  if (key.length > 253 || !CONFIG_MAP_KEY.test(key)) {
    issues.push(error([...refPath, 'key'], `${describeValue(key)} is not a ConfigMap key: at most 253 letters, digits, "-", "_" and "."`));
  }
  issues.push(info([...refPath, 'name'], `the pods mount ConfigMap ${ref.name} (key ${key}) as the sampler file; it must exist in the Shard's namespace before they start`));
  return { otel, sampling: { configMapName: ref.name, key }, issues };
}
