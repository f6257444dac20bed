/** The TimeGroup kind's serialized provider: this module's whole export (see provider/shim.ts). */
import { shimFor } from "../shim";

export = shimFor("TimeGroup");
