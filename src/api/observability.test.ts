import { describe, expect, it } from 'vitest';
import { parseObservability } from './observability.js';

const AT = ['spec', 'observability'];

describe('parseObservability', () => {
  it('renders nothing, and says nothing, without observability', () => {
    expect(parseObservability(undefined, AT)).toEqual({ otel: [], issues: [] });
  });

  it('renders the variables in the operator order, endpoint first', () => {
    const parsed = parseObservability({ tracesSampler: 'always_on', otlpEndpoint: 'http://collector:4317', otlpProtocol: 'grpc' }, AT);
    expect(parsed.otel.map((v) => v.name)).toEqual(['OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_EXPORTER_OTLP_PROTOCOL', 'OTEL_TRACES_SAMPLER']);
    expect(parsed.issues).toEqual([]);
  });

  it('warns that settings without an endpoint have no effect', () => {
    const parsed = parseObservability({ tracesExporter: 'otlp', samplingConfigRef: { name: 'sampler' } }, AT);
    expect(parsed.otel).toEqual([]);
    expect(parsed.issues).toMatchObject([{ severity: 'warning', path: [...AT, 'otlpEndpoint'] }]);
    expect(parsed.issues[0]!.message).toContain('tracesExporter, samplingConfigRef');
  });

  it('says nothing when telemetry is turned off with otlpEndpoint: disabled', () => {
    expect(parseObservability({ otlpEndpoint: 'disabled', tracesExporter: 'otlp' }, AT)).toEqual({ otel: [], issues: [] });
  });

  it('mounts the sampler file for multigres_custom, with the CRD default key', () => {
    const parsed = parseObservability({ otlpEndpoint: 'http://c:4317', tracesSampler: 'multigres_custom', samplingConfigRef: { name: 'sampler' } }, AT);
    expect(parsed.sampling).toEqual({ configMapName: 'sampler', key: 'sampling-config.yaml' });
    expect(parsed.issues.map((i) => i.severity)).toEqual(['info']);
  });

  it('refuses multigres_custom without a sampler file: the processes exit at start', () => {
    const parsed = parseObservability({ otlpEndpoint: 'http://c:4317', tracesSampler: 'multigres_custom' }, AT);
    expect(parsed.issues).toMatchObject([{ severity: 'error', path: [...AT, 'samplingConfigRef'] }]);
  });

  it('does not mount a sampler file another sampler never reads, and says so', () => {
    const parsed = parseObservability({ otlpEndpoint: 'http://c:4317', tracesSampler: 'always_on', samplingConfigRef: { name: 'sampler' } }, AT);
    expect(parsed.sampling).toBeUndefined();
    expect(parsed.issues).toMatchObject([{ severity: 'warning', path: [...AT, 'samplingConfigRef'] }]);
  });

  it('refuses a ConfigMap name or key Kubernetes refuses', () => {
    const parsed = parseObservability({ otlpEndpoint: 'http://c:4317', tracesSampler: 'multigres_custom', samplingConfigRef: { name: 'Sampler', key: 'a/b' } }, AT);
    expect(parsed.issues.filter((i) => i.severity === 'error').map((i) => i.path)).toEqual([
      [...AT, 'samplingConfigRef', 'name'],
      [...AT, 'samplingConfigRef', 'key'],
    ]);
  });
});
