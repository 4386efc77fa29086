import { describe, expect, it } from 'vitest';
import { noResourceClaims, parsePullSecrets, podAnnotationIssues, podLabelIssues } from './pod-settings.js';

const PATH = ['spec', 'multiorch', 'podLabels'];

describe('parsePullSecrets', () => {
  it('keeps the names in the order written', () => {
    expect(parsePullSecrets([{ name: 'regcred' }, { name: 'mirror' }], ['p'])).toEqual({ names: ['regcred', 'mirror'], issues: [] });
  });

  it('renders a name listed twice once, with a warning at the second', () => {
    const { names, issues } = parsePullSecrets([{ name: 'a' }, { name: 'b' }, { name: 'a' }], ['p']);
    expect(names).toEqual(['a', 'b']);
    expect(issues).toMatchObject([{ severity: 'warning', path: ['p', 2, 'name'] }]);
  });

  it.each(['', 'Reg_Cred', 'a'.repeat(254)])('refuses %j, a name no Secret can have', (name) => {
    expect(parsePullSecrets([{ name }], ['p']).issues).toMatchObject([{ severity: 'error', path: ['p', 0, 'name'] }]);
  });
});

describe('podLabelIssues', () => {
  it('accepts labels of your own, and a Shard label written with the same value', () => {
    expect(podLabelIssues({ team: 'data', 'example.com/tier': 'orchestration' }, { team: 'data' }, PATH)).toEqual([]);
  });

  it.each(['app.kubernetes.io/component', 'app.kubernetes.io/instance', 'multigres.com/cell', 'multigres.com/shard', 'multigres.com/pool'])(
    'refuses %s, one of the operator label keys, whatever its value',
    (key) => {
      expect(podLabelIssues({ [key]: 'x' }, {}, PATH)).toMatchObject([{ severity: 'error', path: [...PATH, key] }]);
    },
  );

  it("refuses another value for one of the Shard's labels", () => {
    expect(podLabelIssues({ team: 'orch' }, { team: 'data' }, PATH)).toMatchObject([{ severity: 'error', path: [...PATH, 'team'] }]);
  });

  it('refuses keys and values Kubernetes refuses, __proto__ included', () => {
    const labels = JSON.parse('{"__proto__": "x", "ok": "not ok!"}') as Record<string, unknown>;
    expect(podLabelIssues(labels, {}, PATH).map((i) => i.path)).toEqual([[...PATH, '__proto__'], [...PATH, 'ok']]);
  });
});

describe('podAnnotationIssues', () => {
  const AT = ['spec', 'multiorch', 'podAnnotations'];

  it('accepts annotations of any value', () => {
    expect(podAnnotationIssues({ 'example.com/owner': 'team data, on call: #db', 'sidecar.istio.io/inject': 'false' }, AT)).toEqual([]);
  });

  it('warns once that the Prometheus scrape annotations are not rendered', () => {
    expect(podAnnotationIssues({ 'prometheus.io/scrape': 'true' }, AT)).toMatchObject([{ severity: 'warning', path: [...AT, 'prometheus.io/scrape'] }]);
    expect(podAnnotationIssues({ 'prometheus.io/scrape': 'true', 'prometheus.io/port': '15300', team: 'x' }, AT)).toMatchObject([{ severity: 'warning', path: AT }]);
  });

  it('refuses an invalid key, and more than 256 KiB in all', () => {
    expect(podAnnotationIssues({ 'bad key': 'x' }, AT)).toMatchObject([{ severity: 'error', path: [...AT, 'bad key'] }]);
    expect(podAnnotationIssues({ big: 'x'.repeat(256 * 1024) }, AT)).toMatchObject([{ severity: 'error', path: AT }]);
  });
});

describe('noResourceClaims', () => {
  it('refuses container claims: no Shard field declares the pod resourceClaims they must name', () => {
    expect(noResourceClaims({ claims: [{ name: 'gpu' }] }, ['r'])).toMatchObject([{ severity: 'error', path: ['r', 'claims'] }]);
    expect(noResourceClaims({ claims: [] }, ['r'])).toEqual([]);
    expect(noResourceClaims({ limits: { cpu: '1' } }, ['r'])).toEqual([]);
  });
});
