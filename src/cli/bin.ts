// The program: the command line on the real process. Everything is written synchronously by the
// time main settles, so the process exits at once: a natural exit would first wait for V8's
// background compile jobs (optimizing code that will not run again) and tear down the heap, a
// few milliseconds of every run.
import { main, nodeIo } from './main.js';

main(process.argv.slice(2), nodeIo).then((code) => process.exit(code));
