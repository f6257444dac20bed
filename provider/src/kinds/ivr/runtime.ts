/**
 * The Ivr provider: the generic check and diff (provider/lifecycle.ts), and create (with adopt
 * by name), read, update and delete of a managed kind (provider/operations.ts) for the IVR
 * endpoints (api.ts).
 */
import { defineProvider } from "../../provider/lifecycle";
import { managedOperations } from "../../provider/operations";
import { IVR_KIND } from "./api";
import { IVR_SPEC } from "./spec";

export const ivrProvider = defineProvider(IVR_SPEC, managedOperations(IVR_KIND));
