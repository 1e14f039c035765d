import { availableParallelism, loadavg } from 'node:os';

/**
 * A test's timeout is a guard against hangs, not a budget: `quietMs` is ample on a quiet machine, and it
 * stretches with how many runnable tasks share each core right now (the highest load average over 1, 5 and
 * 15 minutes, so a load that has just eased still counts). Never less than three times `quietMs`, since load
 * can rise after the run starts.
 */
export function hangGuardMs(quietMs) {
  const perCore = Math.max(...loadavg()) / availableParallelism();
  return Math.round(quietMs * Math.max(3, perCore));
}
