/**
 * The Department provider: the generic check and diff (provider/lifecycle.ts; a department is
 * updated in place), and create (with adopt by name, which updates it to the declared state),
 * read, update and delete of a managed kind (provider/operations.ts) for its endpoints (api.ts).
 */
import { defineProvider } from "../../provider/lifecycle";
import { managedOperations } from "../../provider/operations";
import { DEPARTMENT_KIND } from "./api";
import { DEPARTMENT_SPEC } from "./spec";

export const departmentProvider = defineProvider(DEPARTMENT_SPEC, managedOperations(DEPARTMENT_KIND));
