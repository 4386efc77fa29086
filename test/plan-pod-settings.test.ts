// What `plan` says about the pod settings the operator at 02495e95 ignored and the function renders
// (issue 20, item 9): a pull Secret, a pull policy or MultiOrch pod labels added to a running Shard
// restart pods through the pod template, and nothing is refused: no selector, no claim template and
// no Service changes. Run through the shipped bundle, as CI runs `plan`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const BUNDLE = 'dist/expand-pool-backups.mjs';
const BASE = readFileSync('testdata/plan/image-changed/base/shard.yaml', 'utf8');

interface Change {
  effect: string;
  dataAffecting: boolean;
  object: { kind: string; name: string };
  fields: Array<{ path: string }>;
}
interface Plan {
  exitCode: number;
  rejected: boolean;
  dataAffecting: boolean;
  shards: Array<{ changes: Change[] }>;
}

/** Plans `edit` of the image-changed base Shard, as two directories. */
function plan(edit: (shard: string) => string): Plan {
  const root = mkdtempSync(join(tmpdir(), 'epb-plan-pods-'));
  for (const [side, text] of [['base', BASE], ['change', edit(BASE)]] as const) {
    mkdirSync(join(root, side));
    writeFileSync(join(root, side, 'shard.yaml'), text);
  }
  const out = spawnSync(process.execPath, [BUNDLE, 'plan', join(root, 'base'), join(root, 'change'), '--output', 'json'], { encoding: 'utf8' });
  expect(out.stderr).toBe('');
  const document = JSON.parse(out.stdout) as Plan;
  expect(out.status).toBe(document.exitCode);
  return document;
}

const changes = (p: Plan): Change[] => p.shards.flatMap((s) => s.changes);
const where = (p: Plan): string[] => changes(p).map((c) => `${c.effect} ${c.object.kind}`).sort();
const paths = (p: Plan, kind: string): string[] => changes(p).filter((c) => c.object.kind === kind).flatMap((c) => c.fields.map((f) => f.path));

describe('plan of the pod settings a Shard adds', () => {
  it('has the bundle', () => {
    expect(existsSync(BUNDLE), `${BUNDLE} is missing: run npm run build`).toBe(true);
  });

  it('a pull Secret added restarts the pool pods and the MultiOrch pods, and nothing else', () => {
    const p = plan((s) => s.replace('    multiorch: ghcr.io/multigres/multigres:v0.3.0\n', '    multiorch: ghcr.io/multigres/multigres:v0.3.0\n    imagePullSecrets: [{name: regcred}]\n'));
    expect(where(p)).toEqual(['restarts-pods Deployment', 'restarts-pods StatefulSet']);
    expect(paths(p, 'StatefulSet')).toEqual(['spec.template.spec.imagePullSecrets']);
    expect(paths(p, 'Deployment')).toEqual(['spec.template.spec.imagePullSecrets']);
    expect(p).toMatchObject({ exitCode: 0, rejected: false, dataAffecting: false });
  });

  it('a pull policy added restarts the same pods, on every container', () => {
    const p = plan((s) => s.replace('    multiorch: ghcr.io/multigres/multigres:v0.3.0\n', '    multiorch: ghcr.io/multigres/multigres:v0.3.0\n    imagePullPolicy: Always\n'));
    expect(where(p)).toEqual(['restarts-pods Deployment', 'restarts-pods StatefulSet']);
    expect(paths(p, 'StatefulSet').sort()).toEqual(['spec.template.spec.containers[name=postgres].imagePullPolicy', 'spec.template.spec.initContainers[name=multipooler].imagePullPolicy']);
    expect(paths(p, 'Deployment')).toEqual(['spec.template.spec.containers[name=multiorch].imagePullPolicy']);
  });

  it('MultiOrch pod labels and annotations restart the MultiOrch pods only: no selector changes, nothing is refused', () => {
    const p = plan((s) => s.replace('  multiorch:\n    cells: [z1]\n', '  multiorch:\n    cells: [z1]\n    podLabels: {team: data}\n    podAnnotations: {example.com/owner: db-team}\n'));
    expect(where(p)).toEqual(['restarts-pods Deployment']);
    expect(paths(p, 'Deployment').sort()).toEqual(['spec.template.metadata.annotations', 'spec.template.metadata.labels.team']);
    expect(p).toMatchObject({ exitCode: 0, rejected: false });
  });
});
