// The `@azure/functions-core` module, as the Azure Functions Node.js worker provides it: the programming model
// (@azure/functions, wherever it lives: the project's node_modules, a staged package's, or inlined in a
// bundle) registers every function through it. The worker makes it requirable by intercepting `require`; so
// does the local host, so it discovers the functions of any package exactly as Azure does. Nothing is
// registered while `@azure/functions` cannot reach this module: it then runs in "test mode".
import Module from 'node:module';

/** One binding of a function's metadata, e.g. `{type: 'httpTrigger', direction: 'in', route, methods}`. */
export interface CoreBinding extends Record<string, unknown> {
  type: string;
  direction: 'in' | 'out';
}

/** What `registerFunction` received: the metadata the worker sends the host, and the handler it invokes. */
export interface CoreRegistration {
  name: string;
  bindings: Record<string, CoreBinding>;
  handler: (...args: never[]) => unknown;
}

export type CoreHook = (context: Record<string, unknown>) => unknown;

export interface CoreCapture {
  functions: CoreRegistration[];
  hooks: { name: string; callback: CoreHook }[];
}

const CORE_MODULE = '@azure/functions-core';
let capture: CoreCapture | undefined;
let installed = false;

class Disposable {
  constructor(private readonly dispose_: () => void) {}
  dispose(): void {
    this.dispose_();
  }
}

const core = {
  version: 'local',
  hostVersion: 'local',
  Disposable,
  registerFunction(metadata: Omit<CoreRegistration, 'handler'>, handler: CoreRegistration['handler']) {
    const into = capturing();
    const registration = { name: metadata.name, bindings: metadata.bindings, handler };
    into.functions.push(registration);
    return new Disposable(() => into.functions.splice(into.functions.indexOf(registration), 1));
  },
  registerHook(name: string, callback: CoreHook) {
    const into = capturing();
    const hook = { name, callback };
    into.hooks.push(hook);
    return new Disposable(() => into.hooks.splice(into.hooks.indexOf(hook), 1));
  },
  // The local host invokes handlers itself; the programming model's invocation model is not needed.
  setProgrammingModel() {},
  getProgrammingModel() {
    return undefined;
  },
  log(level: string, category: string, message: string) {
    if (category === 'system' && (level === 'debug' || level === 'trace' || level === 'information')) return;
    console.warn(`[functions] ${message}`);
  },
};

function capturing(): CoreCapture {
  if (!capture) throw new Error('A function or hook was registered outside captureFunctions().');
  return capture;
}

/** Makes `require('@azure/functions-core')` answer with the local host's core, from any module, once. */
function install(): void {
  if (installed) return;
  installed = true;
  const prototype = Module.prototype as unknown as { require: (id: string) => unknown };
  prototype.require = new Proxy(prototype.require, {
    apply: (target, self, args: [string]) =>
      args[0] === CORE_MODULE ? core : Reflect.apply(target, self, args),
  });
}

/** Every function and hook that `load` registers through `@azure/functions-core`. */
export async function captureFunctions(load: () => Promise<void>): Promise<CoreCapture> {
  install();
  const found: CoreCapture = { functions: [], hooks: [] };
  capture = found;
  try {
    await load();
  } finally {
    capture = undefined;
  }
  return found;
}
