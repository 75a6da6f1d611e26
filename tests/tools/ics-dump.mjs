// Parses .ics files with ical.js (Mozilla Thunderbird's parser) and prints
// what it understood as JSON: one entry per file with its errors, time zones
// and events, times as UTC instants. Used by tests/calendar.rs.
//
//   node tests/tools/ics-dump.mjs FILE...
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

// RFC 5545 (3.8.8) gives IANA and X- properties TEXT as their default value
// type; ical.js reads properties it does not know raw, so tell it.
for (const name of ["name", "x-wr-calname"]) {
  ICAL.design.icalendar.property[name] = { defaultType: "text" };
}

const iso = (t) => t.toJSDate().toISOString().replace(".000Z", "Z");

function dumpFile(file) {
  const errors = [];
  const result = { file, errors, name: null, method: null, timezones: [], events: [] };
  let root;
  try {
    root = new ICAL.Component(ICAL.parse(readFileSync(file, "utf8")));
  } catch (e) {
    errors.push(`parse: ${e}`);
    return result;
  }
  if (root.name !== "vcalendar") errors.push(`root is ${root.name}`);
  result.name = root.getFirstPropertyValue("x-wr-calname");
  result.method = root.getFirstPropertyValue("method");
  if (root.getFirstPropertyValue("name") !== result.name) errors.push("NAME differs from X-WR-CALNAME");
  result.timezones = root
    .getAllSubcomponents("vtimezone")
    .map((tz) => tz.getFirstPropertyValue("tzid"));

  // A date-time's instant, checking its TZID resolved to a VTIMEZONE of this
  // file: ical.js silently reads an unknown TZID as floating local time.
  const time = (event, name) => {
    const prop = event.component.getFirstProperty(name);
    if (!prop) return null;
    const t = prop.getFirstValue();
    if (t.isDate) return { date: t.toString() };
    const tzid = prop.getParameter("tzid");
    const zone = t.zone ? t.zone.tzid : "floating";
    if (tzid) {
      if (!result.timezones.includes(tzid)) errors.push(`${event.uid} ${name}: no VTIMEZONE for ${tzid}`);
      if (zone !== tzid) errors.push(`${event.uid} ${name}: TZID ${tzid} resolved to zone ${zone}`);
    } else if (zone !== "UTC") {
      errors.push(`${event.uid} ${name}: floating time`);
    }
    return { utc: iso(t), tzid: tzid ?? null };
  };

  // Every start of a repeating event (RRULE less EXDATE), as UTC instants;
  // null for an event that does not repeat. Capped, so a rule with no end
  // cannot hang the test.
  const occurrences = (event) => {
    if (!event.isRecurring()) return null;
    const starts = [];
    const it = event.iterator();
    for (let t = it.next(); t && starts.length < 1000; t = it.next()) starts.push(iso(t));
    return starts;
  };

  // ORGANIZER: its address and its CN (the office's name), or null.
  const organizer = (vevent) => {
    const prop = vevent.getFirstProperty("organizer");
    return prop ? { uri: prop.getFirstValue(), cn: prop.getParameter("cn") ?? null } : null;
  };

  for (const vevent of root.getAllSubcomponents("vevent")) {
    try {
      const event = new ICAL.Event(vevent);
      result.events.push({
        uid: event.uid,
        summary: event.summary,
        description: event.description,
        location: event.location,
        status: vevent.getFirstPropertyValue("status"),
        transp: vevent.getFirstPropertyValue("transp"),
        sequence: event.sequence,
        url: vevent.getFirstPropertyValue("url"),
        organizer: organizer(vevent),
        dtstamp: iso(vevent.getFirstPropertyValue("dtstamp")),
        last_modified: iso(vevent.getFirstPropertyValue("last-modified")),
        start: time(event, "dtstart"),
        end: time(event, "dtend"),
        occurrences: occurrences(event),
        alarms: vevent.getAllSubcomponents("valarm").map((a) => {
          const trigger = a.getFirstProperty("trigger");
          return {
            action: a.getFirstPropertyValue("action"),
            trigger: trigger.getFirstValue().toString(),
            related: trigger.getParameter("related") ?? "START",
          };
        }),
      });
    } catch (e) {
      errors.push(`event: ${e}`);
    }
  }
  return result;
}

console.log(JSON.stringify(process.argv.slice(2).map(dumpFile)));
