/**
 * The object Pulumi serializes into state as `__provider`, for one resource kind. It must stay
 * tiny and capture nothing but the kind's type name (a string): every method loads the
 * implementation at call time from the installed package, so it serializes to about 2 KB however
 * the package is installed, never captures zod or a credential, and a fix to read/delete reaches
 * stacks created by an older version.
 *
 * Do not import anything into this file, and do not reference module-level values in these
 * functions: the closure serializer would copy them into every resource's state. A plain object
 * of arrow functions serializes smaller than a class (no prototype, no constructor). What these
 * call, `require("pulumi-smartflo/runtime").provider(type)`, must keep working in every later
 * version (see provider/runtime.ts).
 */
/* eslint-disable @typescript-eslint/no-var-requires, @typescript-eslint/no-explicit-any */

export function createProvider(type: string) {
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
