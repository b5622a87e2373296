// Who works where in WeCom: stations with their staff, the supervisors on duty for takeovers and
// escalations, and the operations group robot. Production reads config/directory.json, validated
// with zod at startup (every problem reported at once, with its key path); the sandbox and the
// scenario runner build it from the scenario world (SCENARIOS.md "The world"). reload() re-reads
// the file and keeps the current directory when the new one is invalid.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { CourierError } from '../domain/errors.js';
import type { World } from '../courier/world.js';

/** WeCom userids: letters, digits and `_ - . @`, up to 64 characters. */
export const UserId = z.string().regex(/^[A-Za-z0-9_.@-]{1,64}$/, 'must be a WeCom userid (1–64 letters, digits, _ - . @)');
const Name = z.string().trim().min(1).max(32);
const Person = z.union([UserId, z.strictObject({ userid: UserId, name: Name.optional() })]);
const Supervisor = z.union([UserId, z.strictObject({ userid: UserId, name: Name.optional(), on_duty: z.boolean().default(true) })]);

const DirectoryFile = z
  .strictObject({
    stations: z.array(
      z.strictObject({
        id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1–64 letters, digits, _ or -'),
        name: Name,
        staff: z.array(Person).min(1, 'a station needs at least one staff userid'),
      }),
    ),
    supervisors: z.array(Supervisor).min(1, 'at least one supervisor is needed for takeovers'),
    operations: z.strictObject({ robot_key: z.string().regex(/^[A-Za-z0-9-]{8,64}$/, 'must be the key= value of the robot webhook URL') }).optional(),
  })
  .superRefine((d, ctx) => {
    const seen = new Map<string, number>();
    d.stations.forEach((s, i) => {
      const first = seen.get(s.id);
      if (first === undefined) seen.set(s.id, i);
      else ctx.addIssue({ code: 'custom', path: ['stations', i, 'id'], message: `duplicate station "${s.id}" (first at stations[${first}])` });
    });
  });

export interface DirectoryPerson {
  userid: string;
  name?: string;
}
export interface DirectoryStation {
  id: string;
  name: string;
  staff: DirectoryPerson[];
}
export interface DirectoryData {
  stations: DirectoryStation[];
  supervisors: (DirectoryPerson & { onDuty: boolean })[];
  /** key= of the operations group robot webhook (PROTOCOL.md §4.5); a secret. */
  robotKey?: string;
}

/** The robot key of a sandbox directory: alerts land in the sandbox outbox as kind 'robot'. */
export const SANDBOX_ROBOT_KEY = 'sandbox-operations-robot';

export class DirectoryError extends CourierError {
  constructor(readonly problems: string[]) {
    super('CONFIG_INVALID', `invalid WeCom directory:\n${problems.map((p) => `  - ${p}`).join('\n')}`, 500);
    this.name = 'DirectoryError';
  }
}

const person = (p: z.output<typeof Person>): DirectoryPerson => (typeof p === 'string' ? { userid: p } : p);
const path = (parts: PropertyKey[]) => parts.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');

export class Directory {
  constructor(
    private data: DirectoryData,
    private readonly reader?: () => DirectoryData,
  ) {}

  /** Validates the JSON of a directory file; `source` prefixes each problem. Throws DirectoryError. */
  static parse(json: unknown, source = 'directory'): DirectoryData {
    const r = DirectoryFile.safeParse(json);
    if (!r.success) {
      throw new DirectoryError(r.error.issues.map((i) => `${source}: ${path(i.path) || '(file)'}: ${i.message}`));
    }
    const d = r.data;
    return {
      stations: d.stations.map((s) => ({ id: s.id, name: s.name, staff: s.staff.map(person) })),
      supervisors: d.supervisors.map((s) => (typeof s === 'string' ? { userid: s, onDuty: true } : { userid: s.userid, ...(s.name && { name: s.name }), onDuty: s.on_duty })),
      ...(d.operations && { robotKey: d.operations.robot_key }),
    };
  }

  static read(file: string): DirectoryData {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      throw new DirectoryError([`${file}: cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`]);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      throw new DirectoryError([`${file}: not valid JSON (${(e as Error).message})`]);
    }
    return Directory.parse(json, file);
  }

  static fromFile(file: string): Directory {
    return new Directory(Directory.read(file), () => Directory.read(file));
  }

  /** The sandbox / scenario directory: the world's stations and supervisors (all on duty). */
  static fromWorld(world: Pick<World, 'stations' | 'supervisors'>, robotKey: string = SANDBOX_ROBOT_KEY): Directory {
    return new Directory({
      stations: world.stations.map((s) => ({ id: s.id, name: s.name, staff: s.staff.map((userid) => ({ userid })) })),
      supervisors: world.supervisors.map((userid) => ({ userid, onDuty: true })),
      robotKey,
    });
  }

  /** Re-reads the source; an invalid file throws and leaves the current directory in place. */
  reload(): DirectoryData {
    if (this.reader) this.data = this.reader();
    return this.data;
  }

  /** Swaps the whole directory (the scenario runner installs each scenario's world). */
  replace(data: DirectoryData): void {
    this.data = data;
  }

  get snapshot(): DirectoryData {
    return this.data;
  }

  get robotKey(): string | undefined {
    return this.data.robotKey;
  }

  get stations(): readonly DirectoryStation[] {
    return this.data.stations;
  }

  station(id: string): DirectoryStation | undefined {
    return this.data.stations.find((s) => s.id === id);
  }

  /** Userids that receive a station's tasks; [] for an unknown station. */
  staffOf(stationId: string): string[] {
    return this.station(stationId)?.staff.map((p) => p.userid) ?? [];
  }

  stationsOf(userid: string): DirectoryStation[] {
    return this.data.stations.filter((s) => s.staff.some((p) => p.userid === userid));
  }

  supervisorsOnDuty(): string[] {
    return this.data.supervisors.filter((s) => s.onDuty).map((s) => s.userid);
  }

  /** Everyone in the directory, staff and supervisors, once each. */
  members(): string[] {
    return [...new Set([...this.data.stations.flatMap((s) => s.staff.map((p) => p.userid)), ...this.data.supervisors.map((s) => s.userid)])];
  }

  /** The display name (e.g. 张伟), else the userid itself. */
  nameOf(userid: string): string {
    const all = [...this.data.stations.flatMap((s) => s.staff), ...this.data.supervisors];
    return all.find((p) => p.userid === userid && p.name)?.name ?? userid;
  }
}
