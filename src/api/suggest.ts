// "Did you mean" suggestions for misspelled field names. Pure.

/** Names users reach for that are not typos of the right one, mapped to what they meant. */
const SYNONYMS: Readonly<Record<string, string>> = {
  credentialsSecret: 'credentialsSecretName',
  secretName: 'credentialsSecretName',
  credentials: 'credentialsSecretName',
  filesystem: 'storage',
  fileSystem: 'storage',
  pvc: 'storage',
  volume: 'storage',
  backup: 'backupConfig',
  backups: 'backupConfig',
  prefix: 'keyPrefix',
  path: 'keyPrefix',
  url: 'endpoint',
  endpointUrl: 'endpoint',
  endpointURL: 'endpoint',
  replicas: 'replicasPerCell',
  storageClass: 'class',
  storageClassName: 'class',
  accessMode: 'accessModes',
};

function distance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = prev[j]!;
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      prev[j] = Math.min(above + 1, prev[j - 1]! + 1, diagonal + cost);
      diagonal = above;
    }
  }
  return prev[b.length]!;
}

/** The accepted name closest to `name`, if one is close enough to be a likely typo. */
export function suggestName(name: string, accepted: readonly string[]): string | undefined {
  const synonym = SYNONYMS[name];
  if (synonym !== undefined && accepted.includes(synonym)) return synonym;
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestScore = Infinity;
  for (const candidate of accepted) {
    const c = candidate.toLowerCase();
    let score = distance(lower, c);
    if (c.startsWith(lower) || lower.startsWith(c)) score = Math.min(score, 1);
    if (score < bestScore) {
      bestScore = score;
      best = candidate;
    }
  }
  const limit = Math.max(2, Math.floor(name.length / 3));
  return bestScore <= limit ? best : undefined;
}
