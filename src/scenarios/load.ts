// Reads and validates a scenario file. Every problem becomes a ScenarioFormatError naming the
// file, the key path (e.g. `turns[2].expect.reply.contains`) and the reason.
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parseDocument } from 'yaml';
import { ScenarioFile, ScenarioFormatError, issuePath, type Turn } from './schema.js';
import { WorldError, worldFromDocument, type World } from '../courier/world.js';

export interface LoadedScenario {
  file: string;
  name: string;
  channel: 'wechat' | 'wecom-kf';
  /** Scenario clock start, epoch ms. */
  now: number;
  /** The raw `world:` block (validated: `resolvedWorld` is its loaded form). */
  world: unknown;
  /** The world with relative times resolved against `now`; undefined when the file has none. */
  resolvedWorld?: World;
  turns: Turn[];
  /** Who acts when a turn has no `as:`: the first customer of the world. */
  defaultCustomer: string;
}

export async function loadScenarioFile(file: string): Promise<LoadedScenario> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new ScenarioFormatError(file, '', `cannot read: ${(err as Error).message}`);
  }
  return parseScenario(file, text, await readWorldFile(file, text));
}

/** Extension: `world_file: worlds/demo.yaml` plays a scenario in a shared world file (relative to
 * the scenario file), e.g. the demo world behind `npm start`. */
async function readWorldFile(file: string, text: string): Promise<unknown> {
  const doc = parseDocument(text).toJS() as { world_file?: unknown } | null;
  if (!doc || doc.world_file === undefined) return undefined;
  if (typeof doc.world_file !== 'string') throw new ScenarioFormatError(file, 'world_file', 'must be a path to a world file');
  const path = join(dirname(file), doc.world_file);
  try {
    return (parseDocument(await readFile(path, 'utf8')).toJS() as { world?: unknown } | null)?.world;
  } catch (err) {
    throw new ScenarioFormatError(file, 'world_file', `cannot read ${path}: ${(err as Error).message}`);
  }
}

export function parseScenario(file: string, text: string, sharedWorld?: unknown): LoadedScenario {
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length) {
    const e = doc.errors[0]!;
    throw new ScenarioFormatError(file, '', `YAML: ${e.message.split('\n')[0]}`);
  }
  const parsed = ScenarioFile.safeParse(doc.toJS());
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ScenarioFormatError(file, issuePath(issue.path), issue.message);
  }
  const s = { ...parsed.data, world: parsed.data.world ?? sharedWorld };
  if (parsed.data.world !== undefined && sharedWorld !== undefined) throw new ScenarioFormatError(file, 'world_file', 'use either world or world_file, not both');
  const now = s.now ? Date.parse(s.now) : Date.now();
  let resolvedWorld: World | undefined;
  if (s.world !== undefined) {
    try {
      resolvedWorld = worldFromDocument({ name: s.name, channel: s.channel, world: s.world }, { now, source: file });
    } catch (err) {
      if (err instanceof WorldError) {
        const issue = err.issues[0];
        throw new ScenarioFormatError(file, issue?.path ?? 'world', issue?.message ?? err.message);
      }
      throw err;
    }
  }
  return {
    resolvedWorld,
    file,
    name: s.name,
    channel: s.channel,
    now,
    world: s.world,
    turns: s.turns,
    defaultCustomer: firstCustomer(s.world) ?? 'o_scenario_customer',
  };
}

function firstCustomer(world: unknown): string | undefined {
  const customers = (world as { customers?: { openid?: unknown }[] } | undefined)?.customers;
  const id = Array.isArray(customers) ? customers[0]?.openid : undefined;
  return typeof id === 'string' ? id : undefined;
}
