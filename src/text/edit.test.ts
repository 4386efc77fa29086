// The local-config annotation is added by inserting one line into the item's text (no re-parse
// at run time on the fast path); this checks that line lands where the yaml library agrees.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parse, stringify } from 'yaml';
import { insertAnnotationText } from './edit.js';
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
