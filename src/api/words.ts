// Words that messages share. Pure.

/** `1 pod`, `2 pods`; `many` for plurals that are not `one` + s. */
export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
