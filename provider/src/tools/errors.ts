/**
 * A tool was asked for something the definitions or the account do not have (an IVR by a name no
 * IVR has, a key that is not a key): the message says what was asked and what there is.
 */
export class ToolInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ToolInputError";
  }
}
