/**
 * The Department provider: the generic check and diff (provider/lifecycle.ts; a department is
 * updated in place) and the named-kind operations (kinds/named-kind.ts) on its endpoints.
 * Adopting an existing department of the same name updates it to the declared state.
 */
import { canonicalOf, defineProvider } from "../../provider/lifecycle";
import { namedKindOperations } from "../named-kind";
import { createDepartment, deleteDepartment, findDepartmentByName, getDepartment, updateDepartment } from "./api";
import { DEPARTMENT_SPEC, Department } from "./spec";

const operations = namedKindOperations<Department>(DEPARTMENT_SPEC, {
  smartfloName: (d) => d.name,
  find: findDepartmentByName,
  get: async (client, id, props) => {
    const found = await getDepartment(client, id, canonicalOf(DEPARTMENT_SPEC, props));
    return found && { value: found.department };
  },
  create: createDepartment,
  update: updateDepartment,
  delete: deleteDepartment,
  adopt: (client, existing, d) => updateDepartment(client, existing.id, d),
});

export const departmentProvider = defineProvider(DEPARTMENT_SPEC, operations);
