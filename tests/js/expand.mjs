// Expand every event of an .ics file with Mozilla's ical.js, using the file's own VTIMEZONEs.
// Usage: node expand.mjs FILE.ics  ->  {"UID": ["2027-01-12T01:30:00.000Z", ...], ...}
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const LIMIT = 1000;
const root = new ICAL.Component(ICAL.parse(readFileSync(process.argv[2], "utf8")));
for (const vtimezone of root.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(new ICAL.Timezone(vtimezone));
}
const out = {};
for (const vevent of root.getAllSubcomponents("vevent")) {
  const event = new ICAL.Event(vevent);
  if (event.isRecurrenceException()) continue;
  const starts = [];
  const iterator = event.iterator();
  for (let next = iterator.next(); next && starts.length < LIMIT; next = iterator.next()) {
    starts.push(next.toJSDate().toISOString());
  }
  out[event.uid] = starts;
}
process.stdout.write(JSON.stringify(out));
