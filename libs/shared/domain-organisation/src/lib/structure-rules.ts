import type { Role } from '@kaizen/shared/domain-access';

export interface DepartmentNode {
  id: string;
  parentId: string | null;
}

/** Moving a department under itself or one of its own sub-departments would make a loop. */
export function wouldCreateCycle(
  departments: DepartmentNode[],
  departmentId: string,
  newParentId: string | null,
): boolean {
  const parentOf = new Map(departments.map((d) => [d.id, d.parentId]));
  for (let current = newParentId, steps = 0; current !== null && steps <= departments.length; steps++) {
    if (current === departmentId) return true;
    current = parentOf.get(current) ?? null;
  }
  return false;
}

/** The department and all departments below it: a department's figures include its sub-departments. */
export function departmentSubtree(departments: DepartmentNode[], rootId: string): string[] {
  const children = new Map<string, string[]>();
  for (const d of departments)
    if (d.parentId) children.set(d.parentId, [...(children.get(d.parentId) ?? []), d.id]);
  const result: string[] = [];
  const queue = [rootId];
  while (queue.length > 0) {
    const id = queue.shift() as string;
    if (result.includes(id)) continue;
    result.push(id);
    queue.push(...(children.get(id) ?? []));
  }
  return result;
}

export interface MemberStanding {
  id: string;
  role: Role;
  active: boolean;
}

/** An organisation must keep at least one active admin, or nobody could manage it any more. */
export function leavesNoAdmin(
  members: MemberStanding[],
  change: { memberId: string; role?: Role; active?: boolean },
): boolean {
  const after = members.map((m) =>
    m.id === change.memberId ? { ...m, role: change.role ?? m.role, active: change.active ?? m.active } : m,
  );
  return !after.some((m) => m.active && m.role === 'org_admin');
}

/**
 * Nobody deactivates themselves: an admin who did would lock themselves out mid-task. Another
 * admin does it, so someone who can still act sees it happen.
 */
export function deactivatesOneself(
  actorMembershipId: string | null | undefined,
  memberId: string,
  active: boolean | undefined,
): boolean {
  return active === false && !!actorMembershipId && actorMembershipId === memberId;
}

export interface StructureNode<D, T> {
  department: D;
  departments: StructureNode<D, T>[];
  teams: T[];
}

/**
 * Departments nested under their parents with their teams, each level by name. A department whose
 * parent is not in the list (archived, or out of view) starts a tree of its own rather than vanishing.
 */
export function structureTree<
  D extends { id: string; parentId: string | null; name: string },
  T extends { departmentId: string; name: string },
>(departments: readonly D[], teams: readonly T[], locale?: string): StructureNode<D, T>[] {
  const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, locale);
  const known = new Set(departments.map((d) => d.id));
  const build = (department: D, seen: Set<string>): StructureNode<D, T> => {
    seen.add(department.id);
    return {
      department,
      departments: departments
        .filter((d) => d.parentId === department.id && !seen.has(d.id))
        .sort(byName)
        .map((d) => build(d, seen)),
      teams: teams.filter((t) => t.departmentId === department.id).sort(byName),
    };
  };
  const seen = new Set<string>();
  return departments
    .filter((d) => !d.parentId || !known.has(d.parentId))
    .sort(byName)
    .map((d) => build(d, seen));
}
