// The people the console can play: the demo world's customers (bound or not, phones masked), the
// stations' staff and the supervisors from the WeCom directory.
import type { Directory } from '../../config/directory.js';
import type { World } from '../../courier/world.js';
import { maskPhone } from '../../lib/mask.js';

export interface ConsoleCustomer {
  id: string;
  channel: 'wechat' | 'wecom-kf' | (string & {});
  /** The name on this phone's parcels in the world (陈女士), when there is one. */
  name?: string;
  bound: boolean;
  /** Masked: 138****0001. */
  phone?: string;
}

export interface ConsoleMember {
  userid: string;
  name: string;
  stationId?: string;
  stationName?: string;
  onDuty?: boolean;
  /** Task cards whose buttons are still live (not yet 已处理). */
  pending: number;
}

export interface ConsolePeople {
  customers: ConsoleCustomer[];
  staff: ConsoleMember[];
  supervisors: ConsoleMember[];
}

export interface PeopleDeps {
  world?: World;
  directory?: Directory;
  /** The customer's bound phone now (a guest may have bound since the start). */
  phoneOf(channel: string, id: string): Promise<string | null>;
  /** How many of a member's cards still wait for a click (the emulated WeCom); 0 without it. */
  pendingCards?(userid: string): number;
}

/** As runtime-agent.ts binds them: 微信客服 external_userids start with wm/wo, the rest use the world's channel. */
const channelOf = (world: World, id: string) => (/^w[mo]/.test(id) ? 'wecom-kf' : world.channel);

/** The most frequent name on the parcels this phone sends or receives. */
function nameOf(world: World, phone: string): string | undefined {
  const counts = new Map<string, number>();
  for (const p of world.parcels) {
    for (const party of [p.receiver, p.sender]) {
      if (party.phone === phone) counts.set(party.name, (counts.get(party.name) ?? 0) + 1);
    }
  }
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
}

export async function consolePeople(d: PeopleDeps): Promise<ConsolePeople> {
  const world = d.world;
  const customers = world
    ? await Promise.all(
        world.customers.map(async (c): Promise<ConsoleCustomer> => {
          const channel = channelOf(world, c.id);
          const phone = (await d.phoneOf(channel, c.id).catch(() => null)) ?? undefined;
          const name = phone ? nameOf(world, phone) : undefined;
          return { id: c.id, channel, bound: Boolean(phone), ...(name && { name }), ...(phone && { phone: maskPhone(phone) }) };
        }),
      )
    : [];
  const stations = d.directory?.stations ?? world?.stations.map((s) => ({ id: s.id, name: s.name, staff: s.staff.map((userid) => ({ userid })) })) ?? [];
  const member = (userid: string) => ({ userid, name: d.directory?.nameOf(userid) ?? userid, pending: d.pendingCards?.(userid) ?? 0 });
  const staff = stations.flatMap((s) => s.staff.map((p) => ({ ...member(p.userid), stationId: s.id, stationName: s.name })));
  const supervisors = d.directory
    ? d.directory.snapshot.supervisors.map((s) => ({ ...member(s.userid), onDuty: s.onDuty }))
    : (world?.supervisors ?? []).map((userid) => ({ ...member(userid), onDuty: true }));
  return { customers, staff, supervisors };
}
