/**
 * Lazy job modules: a worker thread loads a module of jobs on the first job that needs it, not
 * at start-up. Module loading was half of a worker's start-up CPU (the DICOM codecs' wasm glue
 * alone is ~15 ms), paid by every thread even when it only ever prepares a volume.
 *
 * The loaders are dynamic `import()`s so the build splits each module (and the packages only it
 * requires) into its own chunk under out/main/chunks/, required on first use. Under tests the
 * worker runs the TS sources through tsx, and dev-worker.cjs turns those imports into `require`.
 */

/** A job: one structured-cloneable input, a cloneable result (or a promise of one). */
export type JobFn = (input: never) => unknown;

/** One job as the registry holds it: loads its module (once per thread) and returns the function. */
export interface LazyJob<F extends JobFn> {
  /** The registered name of the module holding the job. */
  module: string;
  load(): Promise<F>;
}

/** The function type a registry entry stands for (what `pool.run` checks inputs and outputs against). */
export type JobFnOf<J> = J extends LazyJob<infer F> ? F : never;

/** Names of the job modules this thread has loaded so far, in load order (for tests and diagnostics). */
export const loadedJobModules: string[] = [];

/**
 * A module of jobs, loaded on first use. `jobs(...names)` gives registry entries for the named
 * jobs; a name the module does not export is a compile error.
 */
export function lazyJobModule<T extends Record<string, JobFn>>(module: string, load: () => Promise<T>) {
  let loading: Promise<T> | undefined;
  const loadOnce = (): Promise<T> =>
    (loading ??= load().then(
      (fns) => {
        loadedJobModules.push(module);
        return fns;
      },
      (e: unknown) => {
        loading = undefined; // let a later job try again rather than cache the failure
        throw e;
      },
    ));
  return {
    jobs<K extends keyof T & string>(...names: K[]): { [N in K]: LazyJob<T[N]> } {
      const entries = names.map((name) => [name, { module, load: () => loadOnce().then((fns) => fns[name]) }]);
      return Object.fromEntries(entries) as { [N in K]: LazyJob<T[N]> };
    },
  };
}
