// Bench row: the straightforward comment-preserving design, an identity over the yaml Document API.
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';

const docs = parseAllDocuments(readFileSync(0, 'utf8'), { version: '1.1' });
process.stdout.write((Array.isArray(docs) ? docs : [docs]).map((d) => d.toString({ lineWidth: 0 })).join('---\n'));
