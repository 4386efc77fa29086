// Where the YAML readers of the tools around this function disagree on a plain scalar. The
// function reads YAML 1.2's core schema, as kpt and kustomize do (kyaml, go-yaml v3); kubectl and
// Argo CD read through go-yaml v2, which keeps YAML 1.1's booleans (yes, no, on, off, y, n) and
// `_` in numbers; every go-yaml reads `0755` as octal. A value the function uses that two tools
// read differently gets a warning that says which reading the function took and how to write it
// so that every tool agrees. Values such as `.` or a timestamp are strings to all of them.
import type { Node, Scalar } from 'yaml';
import type { InputItem } from './item.js';
import { PARSE_OPTIONS, type ParsedItem } from './parse.js';
import { yamlLib } from './yaml-lib.js';

export interface Disagreement {
  path: Array<string | number>;
  message: string;
}

const BOOL_TRUE = /^(?:y|Y|yes|Yes|YES|on|On|ON)$/;
const BOOL_FALSE = /^(?:n|N|no|No|NO|off|Off|OFF)$/;
const OCTAL = /^[-+]?0[0-7]+$/;
const BINARY = /^[-+]?0b[01_]+$/;
const UNDERSCORED = /^[-+]?(?:0x[0-9a-fA-F_]+|[0-9][0-9_]*)(?:\.[0-9_]*)?$/;
/** A cheap test on the whole text: most items have no such scalar and are not parsed again. */
const CANDIDATE = /(?:^|[\s:,[{-])["']?(?:[yYnN]|[yY]es|YES|[nN]o|NO|[oO]n|ON|[oO]ff|OFF|[-+]?0[0-7]+|[-+]?0b[01_]+|[-+]?[0-9][0-9_]*_[0-9_]*)(?=[ \t]*(?:$|[#,\]}:]))/m;

function readingOf(source: string): { go: string; note: string } | undefined {
  if (BOOL_TRUE.test(source) || BOOL_FALSE.test(source)) {
    const go = BOOL_TRUE.test(source) ? 'true' : 'false';
    return { go, note: `the string "${source}" here, as kpt and kustomize read it (YAML 1.2); kubectl and Argo CD (YAML 1.1) read it as ${go}; write ${go}, or "${source}" in quotes, so every tool reads the same` };
  }
  if (OCTAL.test(source)) {
    const negative = source.startsWith('-');
    const octal = Number.parseInt(source.replace(/^[-+]/, ''), 8) * (negative ? -1 : 1);
    const decimal = Number.parseInt(source, 10);
    return { go: String(octal), note: `the integer ${decimal} here (YAML 1.2), but go-yaml, which kpt, kustomize, kubectl and Argo CD use, reads it as octal ${octal}; write ${decimal} (or 0o${source.replace(/^[-+]?0+/, '')} for octal) so every tool reads the same` };
  }
  if (BINARY.test(source) || (source.includes('_') && UNDERSCORED.test(source))) {
    return { go: 'a number', note: `the string "${source}" here (YAML 1.2), but kubectl and Argo CD (YAML 1.1) read it as a number; write the number without "0b" or "_", or quote the string` };
  }
  return undefined;
}

/** The field path of a node from the visitor's ancestors. */
function fieldPath(ancestors: readonly unknown[], node: Node, entry: boolean): Array<string | number> {
  const { isPair, isSeq, isScalar } = yamlLib();
  const path: Array<string | number> = [];
  const chain = [...ancestors, node];
  for (let i = 0; i < chain.length - 1; i++) {
    const parent = chain[i];
    const child = chain[i + 1];
    if (isSeq(parent)) path.push(parent.items.indexOf(child as Node));
    else if (isPair(parent) && child === parent.value) path.push(isScalar(parent.key) ? String(parent.key.value) : String(parent.key));
  }
  return entry ? path.slice(1) : path;
}

/**
 * Plain scalars of an item that the YAML readers around the function read differently. `parsed`
 * is how the item was read: when the fast reader read it and saw no such scalar, there is none.
 */
export function disagreements(item: InputItem, parsed?: ParsedItem): Disagreement[] {
  if (parsed?.maps ? !parsed.ambiguous : !CANDIDATE.test(item.text)) return [];
  const { visit, isPair } = yamlLib();
  const doc = yamlLib().parseDocument(item.text, { ...PARSE_OPTIONS, uniqueKeys: false });
  if (doc.errors.length > 0) return [];
  const found: Disagreement[] = [];
  visit(doc, {
    Scalar(key, node: Scalar, ancestors) {
      if (node.type !== 'PLAIN' || typeof node.source !== 'string') return;
      const reading = readingOf(node.source);
      if (!reading) return;
      const path = fieldPath(ancestors, node, item.form === 'entry');
      if (key === 'key') {
        const pair = ancestors.at(-1);
        const parentPath = isPair(pair) ? fieldPath(ancestors.slice(0, -1), pair as unknown as Node, item.form === 'entry') : path;
        found.push({ path: [...parentPath, String(node.value)], message: `the key \`${node.source}\` is ${reading.note}` });
      } else found.push({ path, message: `\`${node.source}\` is ${reading.note}` });
    },
  });
  return found;
}

