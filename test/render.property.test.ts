// Guarantee over generated input, render mode (many files become one `---` stream, as Argo CD's
// generate step prints it): every document the function does not own comes out as its exact
// text, in order, and so does every document that holds only comments (a Helm `# Source:` stub,
// a note between `---` lines, a comment on the `---` line), as a document of its own; files may
// start with a byte-order mark (none is printed: the output is one stream) and use CRLF (what
// render adds to a CRLF document, its `---` line, is CRLF too).
import { describe, it } from 'vitest';
import fc from 'fast-check';
import { parseAllDocuments, stringify } from 'yaml';
import { renderFiles, type SourceFile } from '../src/krm/render.js';
import { shard, shardObject, unrelatedText } from './arbitraries.js';

const NUM_RUNS = Number(process.env.FUZZ_RUNS ?? 150);

type Part =
  | { kind: 'unowned'; text: string }
  | { kind: 'comments'; text: string }
  | { kind: 'shard'; text: string };

const comments = fc
  .record({ note: fc.stringMatching(/^[ -~]{0,20}$/), onMarker: fc.boolean(), lines: fc.integer({ min: 0, max: 2 }) })
  .map(({ note, onMarker, lines }): Part => {
    const more = Array.from({ length: lines }, (_, i) => `# Source: chart/templates/${i}.yaml\n`).join('');
    return { kind: 'comments', text: `${onMarker ? `--- # ${note}`.trimEnd() : `---\n# ${note}`.trimEnd()}\n${more}` };
  });

const unowned = unrelatedText.map((text): Part => ({ kind: 'unowned', text: `---\n${text}` }));

const files = fc
  .record({
    shards: fc.uniqueArray(shard, { maxLength: 2, selector: (s) => `${s.namespace}/${s.name}` }),
    files: fc.array(
      fc.record({ parts: fc.array(fc.oneof(unowned, comments), { maxLength: 4 }), bom: fc.boolean(), crlf: fc.boolean(), bareFirst: fc.boolean() }),
      { minLength: 1, maxLength: 4 },
    ),
    at: fc.array(fc.nat(), { minLength: 2, maxLength: 2 }),
  })
  .map(({ shards, files: specs, at }) => {
    // Shards go into files of their own choosing, among the other documents.
    const parts = specs.map((f) => [...f.parts]);
    shards.forEach((s, i) => {
      const file = parts[(at[i] ?? 0) % parts.length]!;
      file.splice((at[i] ?? 0) % (file.length + 1), 0, { kind: 'shard', text: `---\n${stringify(shardObject(s), { version: '1.1' })}` });
    });
    return specs.map((f, i) => {
      let docs = parts[i]!;
      // A file's first document may come without its `---` line, as most files are written.
      if (f.bareFirst && docs[0] && docs[0].kind !== 'comments') docs = [{ ...docs[0], text: docs[0].text.slice(4) }, ...docs.slice(1)];
      const lines = (t: string) => (f.crlf ? t.replaceAll('\n', '\r\n') : t);
      return { path: `f${i}.yaml`, text: `${f.bom ? '\ufeff' : ''}${lines(docs.map((d) => d.text).join(''))}`, parts: docs.map((d) => ({ ...d, text: lines(d.text) })), crlf: f.crlf };
    });
  });

class Mismatch extends Error {}
const fail = (message: string): never => {
  throw new Mismatch(message);
};

describe('render (property)', () => {
  it('prints every unowned and every comment-only document as written, in order, as documents of their own; no byte-order mark; CRLF kept', () => {
    fc.assert(
      fc.property(files, (written) => {
        const sources: SourceFile[] = written.map(({ path, text }) => ({ path, text }));
        const out = renderFiles(sources);
        if (out.results.some((r) => r.severity === 'error' && /repository|renders/.test(r.message))) return; // two generated Shards that collide
        const expected = written.flatMap((f) => f.parts.filter((p) => p.kind !== 'shard'));
        const objectsWritten = written.some((f) => f.parts.some((p) => p.kind !== 'comments'));
        if (!objectsWritten) {
          // Comments alone are nothing to apply: refused, not printed as an empty success.
          if (out.exitCode !== 1 || out.stdout !== '') fail('comment-only files rendered with success');
          return;
        }
        if (out.exitCode !== 0) fail(`render failed: ${out.results.filter((r) => r.severity === 'error').map((r) => r.message).join('; ')}`);
        const stdout = out.stdout;
        if (stdout.includes('\ufeff')) fail('a byte-order mark in the output');
        let from = 0;
        for (const [i, part] of expected.entries()) {
          // A file's first document without its `---` line gets one, in its line breaks.
          const text = part.text.startsWith('---') ? part.text : `---${part.text.includes('\r\n') ? '\r\n' : '\n'}${part.text}`;
          const at = stdout.indexOf(text, from);
          if (at === -1) fail(`${part.kind} document #${i} is not in the output verbatim after the previous one:\n${JSON.stringify(text)}\noutput after offset ${from}:\n${stdout.slice(from, from + 600)}`);
          if (at !== 0 && stdout[at - 1] !== '\n') fail(`${part.kind} document #${i} does not start on a line of its own`);
          from = at + text.length;
        }
        // Read as a stream: the comment-only documents are empty documents, the rest the objects.
        const docs = parseAllDocuments(stdout, { version: '1.2', uniqueKeys: false });
        for (const d of docs) if (d.errors.length > 0) fail(`the output is not valid YAML: ${d.errors[0]!.message}`);
        const values = docs.map((d) => d.toJS() as Record<string, any> | null);
        const empty = values.filter((v) => v === null).length;
        const commentOnly = expected.filter((p) => p.kind === 'comments').length;
        if (empty !== commentOnly) fail(`${empty} empty documents in the output, ${commentOnly} comment-only documents in the files`);
        const objects = values.filter((v): v is Record<string, any> => v !== null);
        if (objects.some((o) => o.kind === 'Shard')) fail('a Shard was printed');
        const unownedCount = expected.filter((p) => p.kind === 'unowned').length;
        if (objects.filter((o) => o.kind === 'ConfigMap' && o.metadata?.name !== 'pg-hba-template').length !== unownedCount) fail(`the unowned ConfigMaps are not all printed once`);
      }),
      { seed: 22, numRuns: NUM_RUNS },
    );
  }, 60_000 + NUM_RUNS * 200);
});
