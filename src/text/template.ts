// Writing many objects of the same shape. The generated objects of a kind differ from one another
// in a few values (names, labels, the backup settings) and repeat the rest, so the first object of
// each shape is written by the generic writer (emit.ts) while it records where each entry, item
// and scalar lies in the text; that text and record is the template. Each later object of the
// shape is walked against the template: text the two have in common is copied from the template
// in runs, a scalar that differs is written in its place, and where the object's structure departs
// from the template (another key, another length, a scalar where a mapping was) that part is
// written by the generic writer. The bytes are always exactly what the generic writer would
// write for the object; the template only decides how much of them is a copy.

import { ByteSink } from './byte-sink.js';
import { hasOwnProperty, Layout, layoutOf, writeEntry, writeLineStart, writeDocument, writeEntryAt, writeMap, writeScalar, writeSeqItem, type MapShape, type SeqShape, type ValueShape } from './emit.js';

interface Template {
  text: Uint8Array;
  root: MapShape;
}

/** Where the copying of the template text has got to. */
interface Replay {
  text: Uint8Array;
  cursor: number;
}

/** Copies the template text up to `upTo`. */
function copyTo(o: ByteSink, r: Replay, upTo: number): void {
  if (upTo > r.cursor) o.copy(r.text, r.cursor, upTo);
  r.cursor = upTo;
}

/** Replays a mapping's entries; returns how many it has (none: nothing was written). */
function replayMap(o: ByteSink, r: Replay, value: object, t: MapShape): number {
  let i = 0;
  let count = 0;
  if (value instanceof Map) {
    // forEach: a for-of loop allocates an entry array per entry until it is optimized.
    (value as Map<string, unknown>).forEach((v, k) => {
      i = replayEntry(o, r, t, i, k, v);
      count++;
    });
  } else {
    for (const k in value) {
      if (!hasOwnProperty.call(value, k)) continue;
      const v = (value as Record<string, unknown>)[k];
      if (v === undefined) continue;
      i = replayEntry(o, r, t, i, k, v);
      count++;
    }
  }
  // Fewer entries than the template: its remaining ones are left out.
  if (count > 0 && i >= 0 && i < t.keys.length) {
    copyTo(o, r, t.lines[i]!);
    r.cursor = t.end;
  }
  return count;
}

/**
 * Entry `i` of the template against the object's next entry. Returns the next template entry, or
 * -1 once the object's keys have departed from the template's: from there on the mapping's
 * entries are written by the generic writer and the template resumes after the mapping.
 */
function replayEntry(o: ByteSink, r: Replay, t: MapShape, i: number, k: string, v: unknown): number {
  if (i >= 0) {
    if (i < t.keys.length && k === t.keys[i]) {
      if (!replayValue(o, r, t.values[i]!, v, t.indent + 2)) {
        copyTo(o, r, t.keyStarts[i]!);
        writeEntry(o, k, v, t.indent);
        r.cursor = t.ends[i]!;
      }
      return i + 1;
    }
    copyTo(o, r, i < t.keys.length ? t.lines[i]! : t.end);
    r.cursor = t.end;
    writeLineStart(o, i === 0 ? t.dash : -1, t.indent);
  } else writeLineStart(o, -1, t.indent);
  writeEntry(o, k, v, t.indent);
  return -1;
}

/**
 * A value against the template's value at the same place (an entry's or an item's). Returns
 * false, having written nothing, when their layouts differ: the caller rewrites the entry or item.
 */
function replayValue(o: ByteSink, r: Replay, t: ValueShape, v: unknown, scalarIndent: number): boolean {
  if (v === null || typeof v !== 'object') {
    if (t.layout !== Layout.Scalar) return false;
    if (v !== t.value) {
      copyTo(o, r, t.start);
      writeScalar(o, v, scalarIndent);
      r.cursor = t.end;
    }
    return true;
  }
  if (Array.isArray(v)) {
    if (v.length === 0) return t.layout === Layout.EmptySeq;
    if (t.layout !== Layout.Seq) return false;
    replaySeq(o, r, v, t.seq!);
    return true;
  }
  // A mapping: replaying it counts its entries, so emptiness needs no separate look.
  if (t.layout === Layout.Map) return replayMap(o, r, v, t.map!) > 0;
  return t.layout === Layout.EmptyMap && layoutOf(v) === Layout.EmptyMap;
}

function replaySeq(o: ByteSink, r: Replay, value: readonly unknown[], t: SeqShape): void {
  const n = t.items.length;
  for (let i = 0; i < value.length; i++) {
    const v = value[i];
    if (i >= n) {
      // More items than the template: the template ends here, the rest are written as they are.
      if (i === n) copyTo(o, r, t.end);
      writeSeqItem(o, v, t.indent);
    } else if (!replayValue(o, r, t.items[i]!, v, t.indent + 2)) {
      copyTo(o, r, t.starts[i]!);
      writeSeqItem(o, v, t.indent);
      r.cursor = t.ends[i]!;
    }
  }
  if (value.length < n) {
    copyTo(o, r, t.starts[value.length]!);
    r.cursor = t.end;
  }
}

/** At most this many templates are kept; objects of further shapes are written by the generic writer. */
const MAX_TEMPLATES = 256;

/** Templates by shape key, indent and dash, for one run. */
export class Templates {
  private readonly byKey = new Map<string, Template>();

  /** Writes `value` as one block-sequence entry at column `indent`, as emit.ts's writeEntryAt. */
  writeEntry(o: ByteSink, value: unknown, indent: number, shape: string): void {
    if (layoutOf(value) === Layout.Map) this.writeMap(o, value as object, indent + 2, indent, shape);
    else writeEntryAt(o, value, indent);
  }

  /** Writes `value` as one YAML document (no `---`), as emit.ts's writeDocument. */
  writeDocument(o: ByteSink, value: unknown, shape: string): void {
    if (layoutOf(value) === Layout.Map) this.writeMap(o, value as object, 0, -1, shape);
    else writeDocument(o, value);
  }

  /**
   * Writes a non-empty mapping at column `indent` (after a "- " at column `dash`, when >= 0), the
   * same bytes as emit.ts's writeMap, through the template for `shape` (recorded from this value
   * if there is none yet: recording costs a little more than writing, replaying much less).
   */
  writeMap(o: ByteSink, value: object, indent: number, dash: number, shape: string): void {
    const key = `${indent} ${dash} ${shape}`;
    const template = this.byKey.get(key);
    if (template) {
      const r: Replay = { text: template.text, cursor: 0 };
      if (replayMap(o, r, value, template.root) === 0) writeMap(o, value, indent, dash);
      else copyTo(o, r, template.text.length);
      return;
    }
    if (this.byKey.size >= MAX_TEMPLATES) {
      writeMap(o, value, indent, dash);
      return;
    }
    const parts: Uint8Array[] = [];
    const scratch = new ByteSink((bytes) => parts.push(bytes.slice()), 64 * 1024);
    const root = writeMap(scratch, value, indent, dash, { origin: 0 })!;
    scratch.flush();
    const text = parts.length === 1 ? parts[0]! : Buffer.concat(parts);
    this.byKey.set(key, { text, root });
    o.copy(text, 0, text.length);
  }
}
