// A fast reader for the plain block-style YAML that Shards and kpt's bookkeeping are written
// in: block mappings and sequences, one-line flow collections, plain and quoted one-line
// scalars, comments, read with YAML 1.2's core schema. It returns undefined for anything outside
// that subset (anchors, aliases, tags, block scalars, multi-line scalars, escapes, hexadecimal
// and exponent numbers, duplicate keys...)
// and the caller uses the yaml library instead, so it never has to be right about hard cases;
// property tests check that, where it answers, it answers exactly what the yaml library reads.
// It is ~20x faster than composing a yaml Document, which is what a monorepo needs.

export interface MapInfo {
  /** Keys in written order (object keys would put integer-like ones first). */
  keys: string[];
  /** Column of the keys, and offsets of the first key and of the end of the last entry's line. */
  column: number;
  start: number;
  end: number;
  flow: boolean;
}

export interface FastParsed {
  value: unknown;
  maps: WeakMap<object, MapInfo>;
  /** A plain scalar was read that YAML 1.1 or go-yaml reads otherwise (yes, on, 0755, 1_000...). */
  ambiguous: boolean;
}

/** Plain scalars read so far that other YAML readers take differently; fastParse compares before and after. */
let ambiguousSeen = 0;
const BOOL_11 = /^(?:[yYnN]|[yY]es|YES|[nN]o|NO|[oO]n|ON|[oO]ff|OFF)$/;

class Unsupported extends Error {}

/** Sets an own property; `__proto__` must not reach the prototype. */
function setOwn(object: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  else object[key] = value;
}

const MAX_FLOW_DEPTH = 64;
const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

interface Line {
  start: number;
  /** Offset just after the line's last character (before the newline). */
  end: number;
  indent: number;
  /** Offset of the first non-space character. */
  content: number;
  /** Blank or comment-only. */
  empty: boolean;
}

/** Plain scalars the core schema reads as numbers this reader leaves to the yaml library. */
const OTHER_NUMBERS = /^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+|0x[0-9a-fA-F]+|0o[0-7]+|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;

/**
 * What YAML 1.2's core schema (the yaml library's default, and what kpt and kustomize read) makes
 * of a plain scalar, or Unsupported. Everything YAML 1.1 added (yes/no/on/off, sexagesimal
 * `1:20`, timestamps, `.` as a float, `0b`, underscores) is a string here.
 */
export function resolvePlain(s: string): unknown {
  if (s === '' || s === '~' || s === 'null' || s === 'Null' || s === 'NULL') return null;
  const c = s.charCodeAt(0);
  // Starts with a letter: a string unless it is one of the boolean words.
  if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90)) {
    if (s.length <= 5) {
      if (s === 'true' || s === 'True' || s === 'TRUE') return true;
      if (s === 'false' || s === 'False' || s === 'FALSE') return false;
      if (s.length <= 3 && BOOL_11.test(s)) ambiguousSeen++;
    }
    return s;
  }
  if (/^[-+]?[0-9]+$/.test(s)) {
    if (s.length > 1 && (c === 48 || (s.charCodeAt(1) === 48 && s.length > 2))) ambiguousSeen++; // 0755: octal to go-yaml
    return toInteger(s, 10);
  }
  if (s.includes('_') || s.startsWith('0b') || s.startsWith('-0b') || s.startsWith('+0b')) ambiguousSeen++; // numbers to YAML 1.1
  if (/^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/.test(s)) return Number.parseFloat(s);
  if (OTHER_NUMBERS.test(s)) throw new Unsupported();
  return s;
}

function toInteger(digits: string, base: 8 | 10): number | bigint {
  const negative = digits.startsWith('-');
  const body = digits.replace(/^[-+]/, '');
  let n = 0n;
  const b = BigInt(base);
  for (const ch of body) n = n * b + BigInt(ch.charCodeAt(0) - 48);
  if (negative) n = -n;
  return n <= SAFE && n >= -SAFE ? Number(n) : n;
}

/** Indexes the lines of `text`. */
function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  const n = text.length;
  while (start < n) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = n;
    let i = start;
    while (i < end && text.charCodeAt(i) === 32) i++;
    if (i < end && text.charCodeAt(i) === 9) throw new Unsupported(); // tabs: let the yaml library judge
    const ch = text.charCodeAt(i);
    lines.push({ start, end, indent: i - start, content: i, empty: i === end || ch === 35 });
    start = end + 1;
  }
  return lines;
}

class Reader {
  private at = 0;
  /** The last content line consumed. */
  private last = 0;
  readonly maps = new WeakMap<object, MapInfo>();

  constructor(
    private readonly text: string,
    private readonly lines: Line[],
    /** Read only these keys of the outermost mapping; the others' values are skipped unread. */
    private keepOnly?: ReadonlySet<string>,
    /** Of these keys of the outermost mapping, read a block mapping's key names only (values null, unread). */
    private namesOnly?: ReadonlySet<string>,
  ) {}

  /** A block mapping at `indent` of which only the keys are read: each value's lines are skipped. */
  private keyNames(indent: number): Record<string, unknown> {
    const object: Record<string, unknown> = {};
    const keys: string[] = [];
    const first = this.peek()!;
    let end = first.end;
    for (let line = this.peek(); line && line.indent === indent && !this.isDash(line); line = this.peek()) {
      const { key } = splitKey(this.text.slice(line.content, line.end));
      if (Object.prototype.hasOwnProperty.call(object, key)) throw new Unsupported(); // duplicate key
      this.take();
      for (let next = this.peek(); next && (next.indent > indent || (next.indent === indent && this.isDash(next))); next = this.peek()) this.take();
      setOwn(object, key, null);
      keys.push(key);
      end = this.lines[this.last]!.end;
    }
    this.maps.set(object, { keys, column: indent, start: first.content, end, flow: false });
    return object;
  }

  /** The next line with content, skipping blank and comment lines. */
  private peek(): Line | undefined {
    while (this.at < this.lines.length && this.lines[this.at]!.empty) this.at++;
    return this.lines[this.at];
  }

  /** Consumes the current content line. */
  private take(): void {
    this.last = this.at++;
  }

  private isDash(line: Line): boolean {
    return this.text.charCodeAt(line.content) === 45 && (line.content + 1 === line.end || this.text.charCodeAt(line.content + 1) === 32);
  }

  done(): boolean {
    return this.peek() === undefined;
  }

  /** A block node whose first line is the next content line, at exactly `indent`. */
  block(indent: number): unknown {
    const line = this.peek();
    if (!line || line.indent !== indent) throw new Unsupported();
    return this.isDash(line) ? this.sequence(indent) : this.mapping(indent);
  }

  sequence(indent: number): unknown[] {
    const items: unknown[] = [];
    for (let line = this.peek(); line && line.indent === indent && this.isDash(line); line = this.peek()) {
      let i = line.content + 1;
      while (i < line.end && this.text.charCodeAt(i) === 32) i++;
      if (i === line.end || this.text.charCodeAt(i) === 35) {
        this.take();
        const next = this.peek();
        items.push(next && next.indent > indent ? this.block(next.indent) : null);
        continue;
      }
      const rest = this.text.slice(i, line.end);
      if (rest.startsWith('- ') || rest === '-') throw new Unsupported();
      if (keyEnd(rest) !== -1 && !/^["'[{]/.test(rest)) {
        // `- key: value`: a mapping whose first key sits on the dash's line.
        this.lines[this.at] = { start: line.start, end: line.end, indent: i - line.start, content: i, empty: false };
        items.push(this.mapping(i - line.start));
        continue;
      }
      this.take();
      items.push(this.inlineValue(rest, line, indent));
    }
    return items;
  }

  mapping(indent: number): Record<string, unknown> {
    const object: Record<string, unknown> = {};
    const keys: string[] = [];
    const first = this.peek()!;
    let end = first.end;
    const keep = this.keepOnly;
    this.keepOnly = undefined;
    const namesOnly = this.namesOnly;
    this.namesOnly = undefined;
    for (let line = this.peek(); line && line.indent === indent && !this.isDash(line); line = this.peek()) {
      const content = this.text.slice(line.content, line.end);
      const { key, rest } = splitKey(content);
      if (Object.prototype.hasOwnProperty.call(object, key)) throw new Unsupported(); // duplicate key
      this.take();
      if (keep && !keep.has(key)) {
        // Its value is every following line indented deeper, or a sequence at this column.
        for (let next = this.peek(); next && (next.indent > indent || (next.indent === indent && this.isDash(next))); next = this.peek()) this.take();
        continue;
      }
      let value: unknown;
      const trimmed = rest.trim();
      if (trimmed === '' || trimmed.startsWith('#')) {
        const next = this.peek();
        if (next && next.indent > indent && namesOnly?.has(key) && !this.isDash(next)) value = this.keyNames(next.indent);
        else if (next && next.indent > indent) value = this.block(next.indent);
        else if (next && next.indent === indent && this.isDash(next)) value = this.sequence(indent);
        else value = null;
      } else {
        value = this.inlineValue(trimmed, line, indent);
      }
      setOwn(object, key, value);
      keys.push(key);
      end = this.lines[this.last]!.end;
    }
    const next = this.peek();
    if (next && next.indent > indent) throw new Unsupported(); // a line this mapping cannot place
    this.maps.set(object, { keys, column: indent, start: first.content, end, flow: false });
    return object;
  }

  /** A value written on its key's (or dash's) line: a flow collection or a scalar. */
  private inlineValue(text: string, line: Line, indent: number): unknown {
    const next = this.peek();
    // A more indented line after a one-line value would continue a multi-line scalar.
    if (next && next.indent > indent) throw new Unsupported();
    const c = text[0]!;
    if (c === '{' || c === '[') {
      const flow = new FlowReader(text, this.maps, line.start + (line.end - line.start - text.length));
      const value = flow.value(0);
      flow.end();
      return value;
    }
    if (c === '"' || c === "'") {
      const { value, rest } = quoted(text);
      if (rest.trim() !== '' && !rest.trimStart().startsWith('#')) throw new Unsupported();
      return value;
    }
    if ('&*!|>%@`?,]}#'.includes(c)) throw new Unsupported();
    return resolvePlain(plainScalar(text));
  }
}

/** Where a plain `key:` ends in a line, or -1. */
function keyEnd(text: string): number {
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) === 58 && (i + 1 === text.length || text.charCodeAt(i + 1) === 32)) return i;
    if (text.charCodeAt(i) === 35 && i > 0 && text.charCodeAt(i - 1) === 32) return -1;
  }
  return -1;
}

function splitKey(content: string): { key: string; rest: string } {
  const c = content[0]!;
  if (c === '"' || c === "'") {
    const { value, rest } = quoted(content);
    if (!rest.startsWith(':') || (rest.length > 1 && rest[1] !== ' ')) throw new Unsupported();
    return { key: value, rest: rest.slice(1) };
  }
  if ('&*!|>%@`?-[]{}#,'.includes(c)) throw new Unsupported();
  const colon = keyEnd(content);
  if (colon === -1) throw new Unsupported();
  const raw = content.slice(0, colon).trimEnd();
  const key = resolvePlain(raw);
  if (typeof key !== 'string' || key !== raw) throw new Unsupported();
  return { key, rest: content.slice(colon + 1) };
}

/** A plain scalar on one line: up to a ` #` comment, trimmed; refuses what a plain scalar cannot hold. */
function plainScalar(text: string): string {
  let end = text.length;
  const hash = text.indexOf(' #');
  if (hash !== -1) end = hash;
  const value = text.slice(0, end).trim();
  if (keyEnd(value) !== -1 || value.endsWith(':') || /^[-?:](?: |$)/.test(value)) throw new Unsupported();
  return value;
}

/** A one-line quoted scalar at the start of `text` and what follows it; escapes are left to yaml. */
function quoted(text: string): { value: string; rest: string } {
  const q = text[0]!;
  if (q === '"') {
    const close = text.indexOf('"', 1);
    if (close === -1) throw new Unsupported();
    const value = text.slice(1, close);
    if (value.includes('\\')) throw new Unsupported();
    return { value, rest: text.slice(close + 1) };
  }
  let value = '';
  let i = 1;
  for (;;) {
    const close = text.indexOf("'", i);
    if (close === -1) throw new Unsupported();
    value += text.slice(i, close);
    if (text[close + 1] === "'") {
      value += "'";
      i = close + 2;
    } else return { value, rest: text.slice(close + 1) };
  }
}

/** One-line flow collections: `{a: b, c: [d, e]}`. */
class FlowReader {
  private i = 0;

  constructor(
    private readonly text: string,
    private readonly maps: WeakMap<object, MapInfo>,
    private readonly offset: number,
  ) {}

  private space(): void {
    while (this.text.charCodeAt(this.i) === 32) this.i++;
  }

  end(): void {
    this.space();
    if (this.i < this.text.length && this.text[this.i] !== '#') throw new Unsupported();
  }

  value(depth: number): unknown {
    if (depth > MAX_FLOW_DEPTH) throw new Unsupported();
    this.space();
    const c = this.text[this.i];
    if (c === '{') return this.map(depth);
    if (c === '[') return this.seq(depth);
    return this.scalar(false);
  }

  private scalar(isKey: boolean): unknown {
    const c = this.text[this.i];
    if (c === '"' || c === "'") {
      const { value, rest } = quoted(this.text.slice(this.i));
      this.i = this.text.length - rest.length;
      return value;
    }
    if (c === undefined || '&*!|>%@`?,]}#'.includes(c)) throw new Unsupported();
    const start = this.i;
    while (this.i < this.text.length) {
      const ch = this.text[this.i]!;
      if (ch === ',' || ch === ']' || ch === '}' || ch === '[' || ch === '{') break;
      if (ch === ':') {
        const after = this.text[this.i + 1];
        if (after === ' ' || after === undefined || after === ',' || after === '}' || after === ']') break;
        if (isKey) throw new Unsupported();
      }
      if (ch === '#' && this.text[this.i - 1] === ' ') throw new Unsupported();
      this.i++;
    }
    const raw = this.text.slice(start, this.i).trim();
    if (raw === '') throw new Unsupported();
    return resolvePlain(raw);
  }

  private expect(ch: string): void {
    this.space();
    if (this.text[this.i] !== ch) throw new Unsupported();
    this.i++;
  }

  private seq(depth: number): unknown[] {
    this.i++;
    const items: unknown[] = [];
    this.space();
    if (this.text[this.i] === ']') {
      this.i++;
      return items;
    }
    for (;;) {
      items.push(this.value(depth + 1));
      this.space();
      const c = this.text[this.i++];
      if (c === ']') return items;
      if (c !== ',') throw new Unsupported();
      this.space();
      if (this.text[this.i] === ']') throw new Unsupported();
    }
  }

  private map(depth: number): Record<string, unknown> {
    const start = this.i;
    this.i++;
    const object: Record<string, unknown> = {};
    const keys: string[] = [];
    this.space();
    if (this.text[this.i] !== '}') {
      for (;;) {
        this.space();
        const key = this.scalar(true);
        if (typeof key !== 'string' || Object.prototype.hasOwnProperty.call(object, key)) throw new Unsupported();
        this.expect(':');
        this.space();
        const c = this.text[this.i];
        const value = c === ',' || c === '}' ? null : this.value(depth + 1);
        setOwn(object, key, value);
        keys.push(key);
        this.space();
        const sep = this.text[this.i++];
        if (sep === '}') break;
        if (sep !== ',') throw new Unsupported();
        this.space();
        if (this.text[this.i] === '}') throw new Unsupported();
      }
    } else this.i++;
    this.maps.set(object, { keys, column: -1, start: this.offset + start, end: this.offset + this.i, flow: true });
    return object;
  }
}

/**
 * Reads an item's text: `document` form from column 0, or `entry` form, one block-sequence
 * entry whose dash is at `indent`. Undefined when the text is outside the supported subset.
 */
/**
 * Reads `text` (one item: a sequence entry at `indent`, or a document). With `keepOnly`, only
 * those keys of the item's mapping are read and the rest are skipped line by line, unparsed (a
 * syntax error there goes unseen): for items of which only the head is needed. With `namesOnly`,
 * those keys' block mappings are read as their key names alone (each value null, its text unread).
 */
export function fastParse(text: string, form: 'entry' | 'document', indent: number, keepOnly?: ReadonlySet<string>, namesOnly?: ReadonlySet<string>): FastParsed | undefined {
  const seen = ambiguousSeen;
  try {
    const lines = splitLines(text);
    if (form === 'document') {
      // A document's own `---` line (a stream's, a file's) starts it and holds nothing.
      const first = lines.find((l) => !l.empty);
      if (first && first.indent === 0 && text.startsWith('---', first.start)) {
        if (!/^---[ \t]*(?:#.*)?$/.test(text.slice(first.start, first.end))) return undefined;
        first.empty = true;
      }
    }
    const reader = new Reader(text, lines, keepOnly, namesOnly);
    let value: unknown;
    if (form === 'entry') {
      const items = reader.sequence(indent);
      if (items.length !== 1) return undefined;
      value = items[0];
    } else {
      value = reader.block(0);
    }
    if (!reader.done()) return undefined;
    return { value, maps: reader.maps, ambiguous: ambiguousSeen !== seen };
  } catch (e) {
    if (e instanceof Unsupported) return undefined;
    throw e;
  }
}
