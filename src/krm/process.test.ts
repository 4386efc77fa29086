import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readInput } from '../text/read.js';
import { processItems } from './process.js';
import { runResourceList } from './run.js';

const caseInput = (name: string) => readFileSync(new URL(`../../testdata/${name}/input.yaml`, import.meta.url), 'utf8');

describe('processItems', () => {
  it('checks every item with the valid settings when the functionConfig has errors: the same errors and warnings, nothing rendered', () => {
    const input = readInput(caseInput('error-all-mistakes-in-one-run'));
    const settings = { apiVersion: 'fn.multigres.com/v1alpha1', kind: 'ExpandPoolBackups', metadata: { name: 'settings' }, spec: {} };
    const broken = { ...settings, spec: { noSuchSetting: true } };
    const valid = processItems(input.items, settings, { annotatePaths: true });
    const failed = processItems(input.items, broken, { annotatePaths: true });
    const about = (results: typeof valid.results) => results.filter((r) => r.resourceRef?.kind !== 'ExpandPoolBackups' && r.severity !== 'info');
    expect(about(valid.results).length).toBeGreaterThan(1);
    expect(about(failed.results)).toEqual(about(valid.results));
    expect(failed.results).toContainEqual(expect.objectContaining({ severity: 'error', field: { path: 'spec.noSuchSetting' } }));
    expect(failed.output).toEqual(input.items.map((item) => ({ kind: 'source', item })));
    expect(failed.exitCode).toBe(1);
  });

  it('writes the earlier items of an unchanged re-render in the places of the objects it renders', () => {
    const first = runResourceList(caseInput('two-pools-three-cells-mixed'));
    expect(first.exitCode).toBe(0);
    const again = readInput(first.stdout);
    const processed = processItems(again.items, again.functionConfig, { annotatePaths: true, compareEarlier: true });
    expect(processed.output.filter((o) => o.kind === 'generated')).toEqual([]);
    const out = processed.output.map((o) => (o.kind === 'generated' ? undefined : o.kind === 'changed' ? o.original : o.item));
    expect(out).toHaveLength(again.items.length);
    for (const item of again.items) expect(out).toContain(item);
  });
});
