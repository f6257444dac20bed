/** The Ivr kind's serialized provider: this module's whole export (see provider/shim.ts). */
import { shimFor } from "../shim";

export = shimFor("Ivr");
