// GET /sandbox/console/state: one snapshot of the demo world for the console — the sandbox time,
// the parcels, the cases with their promises and due times, and the people one can play.
import type { Business } from '../../config/business.js';
import type { Directory } from '../../config/directory.js';
import type { World } from '../../courier/world.js';
import type { Clock } from '../../lib/clock.js';
import type { CaseStore } from '../../workflows/cases.js';
import type { Outbox } from '../outbox.js';
import { consoleCases, type ConsoleCase } from './cases.js';
import { consoleParcels, type ConsoleParcel } from './parcels.js';
import { consolePeople, type ConsolePeople } from './people.js';

export interface ConsoleDeps {
  clock: Clock;
  outbox: Outbox;
  cases: Pick<CaseStore, 'list'>;
  business: Business;
  /** The sandbox courier world; absent with the HTTP courier backend. */
  world?: World;
  directory?: Directory;
  phoneOf(channel: string, id: string): Promise<string | null>;
  pendingCards?(userid: string): number;
  /** The clock can be moved forward (POST /sandbox/clock/advance is there). */
  clockControl: boolean;
}

export interface ConsoleState {
  now: number;
  clockControl: boolean;
  world?: string;
  /** The outbox's newest sequence number: a pane that saw it has seen every message. */
  outboxSeq: number;
  parcels: ConsoleParcel[];
  cases: ConsoleCase[];
  people: ConsolePeople;
}

export async function consoleState(d: ConsoleDeps): Promise<ConsoleState> {
  const now = d.clock.now();
  const stations = new Map((d.world?.stations ?? d.directory?.stations ?? []).map((s) => [s.id, s.name]));
  const [cases, people] = await Promise.all([
    consoleCases({ cases: d.cases, business: d.business, ...(d.directory && { directory: d.directory }), stationName: (id) => stations.get(id) }, now),
    consolePeople({ ...(d.world && { world: d.world }), ...(d.directory && { directory: d.directory }), phoneOf: d.phoneOf, ...(d.pendingCards && { pendingCards: d.pendingCards }) }),
  ]);
  return {
    now,
    clockControl: d.clockControl,
    ...(d.world && { world: d.world.name }),
    outboxSeq: d.outbox.lastSeq,
    parcels: consoleParcels(d.world, now),
    cases,
    people,
  };
}
