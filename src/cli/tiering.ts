// How V8 optimizes the program's code, for a run whose input is large. A run lasts a fraction of a
// second, and V8's default tiering, made for long-lived pages, sends function after function to
// its optimizing compiler (TurboFan), which then runs a few times more before the process exits;
// on a machine with two cores that compile work competes with the run itself. A larger interrupt
// budget (how much bytecode a function runs between two looks at whether to optimize it) sends
// only the functions that keep running: measured on the corpus of real packages and on the
// benchmark's inputs, runs are 5-15 % shorter with it and none is longer.
//
// It is set only where it was measured: V8 11.3, Node 20's. Other versions tier differently
// (Node 22's V8 has Maglev between the two), and a V8 that does not know a flag prints an error.
// A budget the user gave node (NODE_OPTIONS or a node flag) stays. It is set once the input is
// known to be large (past its first MiB): loading node:v8 costs about as much as a small run
// would gain.

/** The interrupt budget for long runs; V8 11.3's default is 67,584. */
export const LONG_RUN_BUDGET = 400_000;

let set = false;

/** Whether this process's V8 is one the budget was measured on, with no budget of the user's. */
export function tieringApplies(v8Version: string, execArgv: readonly string[], nodeOptions: string | undefined): boolean {
  const own = (arg: string) => arg.includes('interrupt-budget');
  return v8Version.startsWith('11.3.') && !execArgv.some(own) && !own(nodeOptions ?? '');
}

/** Sets the interrupt budget for a long run, once, where tieringApplies. */
export function tierForLongRun(): void {
  if (set) return;
  set = true;
  if (!tieringApplies(process.versions.v8, process.execArgv, process.env.NODE_OPTIONS)) return;
  const getBuiltin = (process as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule;
  const v8 = getBuiltin?.('node:v8') as { setFlagsFromString(flags: string): void } | undefined;
  v8?.setFlagsFromString(`--interrupt-budget=${LONG_RUN_BUDGET}`);
}
