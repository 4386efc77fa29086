/** The benchmark input: a kpt-style ResourceList with `n` Shards and min(10n, 10 000) unrelated items. */
export function generate(n: number): string;
