// `npm run directory:check [-- FILE]` (default config/directory.json): validates a WeCom directory
// file the way the service does at startup and prints a one-line summary, or every problem and
// exit status 1. Never prints the robot key.
import { Directory, DirectoryError } from './directory.js';

const file = process.argv[2] ?? 'config/directory.json';
try {
  const d = Directory.read(file);
  const staff = new Set(d.stations.flatMap((s) => s.staff.map((p) => p.userid))).size;
  const onDuty = d.supervisors.filter((s) => s.onDuty).length;
  process.stdout.write(
    `ok ${file}: ${d.stations.length} stations, ${staff} staff, ${onDuty}/${d.supervisors.length} supervisors on duty, ` +
      `operations robot ${d.robotKey ? 'configured' : 'not configured'}\n`,
  );
} catch (err) {
  if (!(err instanceof DirectoryError)) throw err;
  process.stderr.write(`${err.message}\n`);
  process.exit(1);
}
