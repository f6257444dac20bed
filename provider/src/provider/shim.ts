/**
 * The object Pulumi serializes into state as `__provider`. It must stay tiny and capture
 * nothing: every method loads the implementation at call time from the installed package
 * (so it serializes to about 1 KB however the package is installed, never captures zod or a
 * credential, and a fix to read/delete reaches stacks created by an older version).
 *
 * Do not import anything into this file, and do not reference module-level values in methods:
 * the closure serializer would copy them into every resource's state.
 */
/* eslint-disable @typescript-eslint/no-var-requires, @typescript-eslint/no-explicit-any */

export class IvrProvider {
  // Set by `configure` inside the provider process; absent when the program serializes this.
  config?: { get(key: string): string | undefined };

  async configure(req: { config: { get(key: string): string | undefined } }): Promise<void> {
    this.config = req.config;
  }

  async check(olds: any, news: any): Promise<any> {
    return require("pulumi-smartflo/runtime").check(this, olds, news);
  }

  async diff(id: string, olds: any, news: any): Promise<any> {
    return require("pulumi-smartflo/runtime").diff(this, id, olds, news);
  }

  async create(inputs: any): Promise<any> {
    return require("pulumi-smartflo/runtime").create(this, inputs);
  }

  async read(id: string, props: any): Promise<any> {
    return require("pulumi-smartflo/runtime").read(this, id, props);
  }

  async update(id: string, olds: any, news: any): Promise<any> {
    return require("pulumi-smartflo/runtime").update(this, id, olds, news);
  }

  async delete(id: string, props: any): Promise<void> {
    return require("pulumi-smartflo/runtime").remove(this, id, props);
  }
}
