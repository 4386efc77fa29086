// The local-config annotation is added by inserting one line into the item's text (no re-parse
// at run time on the fast path); this checks that line lands where the yaml library agrees.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parse, stringify } from 'yaml';
import { insertAnnotationText, migrateBackupStorageText } from './edit.js';
import { parseItem } from './parse.js';
import type { InputItem } from './item.js';
import { shard, shardObject } from '../../test/arbitraries.js';

const annotations = fc.option(fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9./-]{0,12}$/), fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('0', 'yes', 'x: y', '#c')), { minKeys: 1, maxKeys: 3 }), { nil: undefined });

describe('insertAnnotationText', () => {
  it('adds exactly the annotation, in entry and document form, whatever the metadata layout (property)', () => {
    let inserted = 0;
    fc.assert(
      fc.property(shard, annotations, fc.boolean(), fc.integer({ min: 0, max: 3 }), fc.boolean(), (s, extra, indentSeq, indent, entry) => {
        const object = shardObject(s) as { metadata: Record<string, unknown> };
        if (extra) object.metadata.annotations = extra;
        const doc = stringify(object, { version: '1.1', indentSeq, aliasDuplicateObjects: false }).replace('metadata:\n', 'metadata: # the metadata\n');
        const pad = ' '.repeat(indent);
        const text = entry ? `${doc.trimEnd().split('\n').map((l, i) => (i === 0 ? `${pad}- ${l}` : `${pad}  ${l}`)).join('\n')}\n` : doc;
        const item: InputItem = { text, form: entry ? 'entry' : 'document', indent: entry ? indent : 0 };
        const parsed = parseItem(item);
        if ('error' in parsed) throw new Error(parsed.error);
        const changed = insertAnnotationText(item, parsed, 'config.kubernetes.io/local-config', 'true');
        if (changed === undefined) return;
        inserted++;
        const read = parse(changed, { version: '1.1' });
        const value = entry ? read[0] : read;
        const expected = structuredClone(parse(text, { version: '1.1' }));
        const target = entry ? expected[0] : expected;
        target.metadata.annotations = { ...target.metadata.annotations, 'config.kubernetes.io/local-config': 'true' };
        expect(value).toEqual(target);
        expect(changed.split('\n').length).toBe(text.split('\n').length + (extra ? 1 : 2));
      }),
      { seed: 31, numRuns: 400 },
    );
    expect(inserted).toBeGreaterThan(350);
  });
});

const LOCAL = 'config.kubernetes.io/local-config';

function annotate(text: string, form: 'entry' | 'document' = 'entry'): string | undefined {
  const item: InputItem = { text, form, indent: 0 };
  const parsed = parseItem(item);
  if ('error' in parsed) throw new Error(parsed.error);
  return insertAnnotationText(item, parsed, LOCAL, 'true');
}

describe('insertAnnotationText in flow and JSON metadata', () => {
  it('adds an entry inside a JSON item, JSON-quoted, and nothing else changes', () => {
    const text = '- {"apiVersion": "v1", "kind": "Shard", "metadata": {"name": "s", "creationTimestamp": "2018-12-02T08:09:25Z"}, "data": {"x": "."}}\n';
    const out = annotate(text)!;
    expect(out).toBe('- {"apiVersion": "v1", "kind": "Shard", "metadata": {"name": "s", "creationTimestamp": "2018-12-02T08:09:25Z", "annotations": {"config.kubernetes.io/local-config": "true"}}, "data": {"x": "."}}\n');
  });

  it('extends existing flow annotations, empty or not', () => {
    expect(annotate('- kind: Shard\n  metadata: {name: s, annotations: {a: b}}\n')).toBe('- kind: Shard\n  metadata: {name: s, annotations: {a: b, config.kubernetes.io/local-config: "true"}}\n');
    expect(annotate('- kind: Shard\n  metadata: {name: s, annotations: {}}\n')).toBe('- kind: Shard\n  metadata: {name: s, annotations: {config.kubernetes.io/local-config: "true"}}\n');
    expect(annotate('- kind: Shard\n  metadata:\n    name: s\n    annotations: {"a": "b"}\n')).toBe('- kind: Shard\n  metadata:\n    name: s\n    annotations: {"a": "b", "config.kubernetes.io/local-config": "true"}\n');
  });

  it('works where the yaml library has to read the item (anchors, multi-line flow, CRLF)', () => {
    const anchored = '- &s\n  kind: Shard\n  metadata: {name: s,\n    labels: {a: b}}\n  spec: {t: 2018-12-02T08:09:25Z}\n';
    expect(annotate(anchored)).toBe('- &s\n  kind: Shard\n  metadata: {name: s,\n    labels: {a: b}, annotations: {config.kubernetes.io/local-config: "true"}}\n  spec: {t: 2018-12-02T08:09:25Z}\n');
    const crlf = '- kind: Shard\r\n  metadata:\r\n    name: s\r\n  spec: {}\r\n';
    expect(annotate(crlf)).toBe('- kind: Shard\r\n  metadata:\r\n    name: s\r\n    annotations:\r\n      config.kubernetes.io/local-config: "true"\r\n  spec: {}\r\n');
  });

  it('refuses metadata it cannot extend by one insertion (an alias)', () => {
    expect(annotate('- kind: Shard\n  x: &m {name: s}\n  metadata: *m\n')).toBeUndefined();
  });
});

describe('migrateBackupStorageText', () => {
  const shard = (pools: string, head = '') => `${head}- apiVersion: multigres.com/v1alpha1\n  kind: Shard\n  metadata:\n    name: s\n    creationTimestamp: 2018-12-02T08:09:25.123456Z\n  spec:\n    command: [ls, .]\n    pools:\n${pools}`;

  it('rewrites only the key and the value, keeping timestamps, `.` and comments exactly once', () => {
    const head = '# head comment of the Shard\n';
    const text = shard('      a:\n        # sized for WAL\n        backupStorage:\n          size: 5Gi # five\n          class: fast\n      b:\n        backupStorage: {size: 1Gi}\n      c:\n        backupStorage:\n', head);
    const out = migrateBackupStorageText({ text, form: 'entry', indent: 0 });
    expect(out).toEqual({
      pools: ['a', 'b', 'c'],
      text: shard(
        '      a:\n        # sized for WAL\n        backupConfig:\n          type: filesystem\n          storage:\n            size: 5Gi # five\n            class: fast\n      b:\n        backupConfig: {type: filesystem, storage: {size: 1Gi}}\n      c:\n        backupConfig: {type: filesystem}\n',
        head,
      ),
    });
    const migrated = (out as { text: string }).text;
    expect(migrated.split('# head comment').length).toBe(2);
    expect(migrated).toContain('creationTimestamp: 2018-12-02T08:09:25.123456Z\n');
    expect(migrated).toContain('command: [ls, .]\n');
  });

  it('writes JSON where the Shard is JSON', () => {
    const text = '- {"kind": "Shard", "spec": {"pools": {"a": {"backupStorage": {"size": "1Gi"}}}}}\n';
    expect(migrateBackupStorageText({ text, form: 'entry', indent: 0 })).toEqual({
      pools: ['a'],
      text: '- {"kind": "Shard", "spec": {"pools": {"a": {"backupConfig": {"type": "filesystem", "storage": {"size": "1Gi"}}}}}}\n',
    });
  });

  it('refuses a layout an exact edit cannot carry (an anchored block value another field refers to)', () => {
    const text = shard('      a:\n        backupStorage: &s\n          size: 1Gi\n      b:\n        storage: *s\n');
    expect(migrateBackupStorageText({ text, form: 'entry', indent: 0 })).toEqual({ refused: ['a'] });
  });
});
