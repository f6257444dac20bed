/**
 * The object Pulumi serializes into state as `__provider`, for one resource kind. Its methods
 * capture nothing but the kind's type name (a string) and load the implementation at call time
 * from the installed package, so it never captures zod or a credential, and a fix to read or
 * delete reaches stacks created by an older version.
 *
 * Each kind's provider object is the whole export of its own module, `serialized/<Type>.ts`,
 * published as `pulumi-smartflo/providers/<Type>`. When the package is installed under
 * node_modules (as users install it), Pulumi's closure serializer then writes a one-line
 * `require("pulumi-smartflo/providers/<Type>")` (about 270 bytes) instead of the functions
 * (about 2 KB); when it is linked from elsewhere (an npm workspace, `npm link`), it writes the
 * functions below, which work the same.
 *
 * Do not import anything into this file, and do not reference module-level values in these
 * functions: the closure serializer would copy them into every resource's state. A plain object
 * of arrow functions serializes smaller than a class (no prototype, no constructor). What these
 * call, `require("pulumi-smartflo/runtime").provider(type)`, and the `providers/<Type>` modules
 * must keep working in every later version (see provider/runtime.ts).
 */
/* eslint-disable @typescript-eslint/no-var-requires, @typescript-eslint/no-explicit-any */

/** The provider object of a kind: what `serialized/<Type>.ts` exports. */
export function shimFor(type: string) {
  return {
    configure: (req: { config: { get(key: string): string | undefined } }): Promise<void> =>
      require("pulumi-smartflo/runtime").provider(type).configure(req.config),
    check: (olds: any, news: any): Promise<any> => require("pulumi-smartflo/runtime").provider(type).check(olds, news),
    diff: (id: string, olds: any, news: any): Promise<any> => require("pulumi-smartflo/runtime").provider(type).diff(id, olds, news),
    create: (inputs: any): Promise<any> => require("pulumi-smartflo/runtime").provider(type).create(inputs),
    read: (id: string, props: any): Promise<any> => require("pulumi-smartflo/runtime").provider(type).read(id, props),
    update: (id: string, olds: any, news: any): Promise<any> => require("pulumi-smartflo/runtime").provider(type).update(id, olds, news),
    delete: (id: string, props: any): Promise<void> => require("pulumi-smartflo/runtime").provider(type).delete(id, props),
  };
}

/**
 * The provider object for a kind's resources: its `serialized/<Type>` module's export (one object
 * per kind, so Pulumi serializes it once per program), or, for a kind without one, a new shim.
 */
export function createProvider(type: string): ReturnType<typeof shimFor> {
  let path: string | undefined;
  try {
    path = require.resolve(`./serialized/${type}`);
  } catch {
    return shimFor(type);
  }
  return require(path);
}
