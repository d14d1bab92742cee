// The one Web Worker entry of the site (see start.ts): it reads its role from its name and
// loads that role's module, which serves the role's protocol. The roles' modules share one
// chunk holding tfjs and the engine. Messages that arrive while the role's module loads are
// held and delivered once it listens (heldScope); a role that cannot load is thrown as an
// uncaught error, which the starting side sees as the worker's `error` event, as it would a
// worker script that failed to load.
import { roleOfName, type WorkerRole } from './start';
import { heldScope, type WorkerScope } from './web-port';

interface RoleModule {
  serve(scope: WorkerScope): void;
}

const ROLES: Record<WorkerRole, () => Promise<RoleModule>> = {
  trainer: () => import('./trainer-role'),
  seed: () => import('./seed-role'),
  sweep: () => import('./sweep-role'),
  bench: () => import('./bench-role'),
};

const scope = heldScope(self as unknown as WorkerScope);
const role = roleOfName(self.name);

function fail(e: unknown): void {
  setTimeout(() => {
    throw e instanceof Error ? e : new Error(String(e));
  });
}

if (role === null) fail(new Error(`no worker role is named "${self.name}"`));
else ROLES[role]().then((m) => m.serve(scope), fail);
