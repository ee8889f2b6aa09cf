// Expand every event of .ics files with Mozilla's ical.js, each file using its own VTIMEZONEs.
// Usage: node expand.mjs A.ics [B.ics ...]  ->  {"A.ics": {"UID": ["2027-01-12T01:30:00.000Z", ...]}, ...}
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const LIMIT = 1000;

function expand(path) {
  const root = new ICAL.Component(ICAL.parse(readFileSync(path, "utf8")));
  for (const vtimezone of root.getAllSubcomponents("vtimezone")) {
    ICAL.TimezoneService.register(new ICAL.Timezone(vtimezone));
  }
  const found = {};
  for (const vevent of root.getAllSubcomponents("vevent")) {
    const event = new ICAL.Event(vevent);
    if (event.isRecurrenceException()) continue;
    const starts = [];
    const iterator = event.iterator();
    for (let next = iterator.next(); next && starts.length < LIMIT; next = iterator.next()) {
      starts.push(next.toJSDate().toISOString());
    }
    found[event.uid] = starts;
  }
  ICAL.TimezoneService.reset();
  return found;
}

const out = {};
for (const path of process.argv.slice(2)) out[path] = expand(path);
process.stdout.write(JSON.stringify(out));
