"""Parses .ics files with Python's icalendar and prints what it understood
as JSON, in the same shape as ics-dump.mjs (ical.js): one entry per file
with its errors, time zones and events, times as UTC instants. Used by
tests/calendar.rs.

    .tools/venv/bin/python tests/tools/ics_dump.py FILE...

Each zoned time is converted twice, with the system's zoneinfo and with
the file's own VTIMEZONE; a difference is reported as an error, so a
VTIMEZONE that does not match the IANA rules fails.
"""

import json
import sys
from datetime import date, datetime, timezone

import icalendar
from dateutil.rrule import rrulestr, rruleset


def iso(moment):
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def dump_file(path):
    errors = []
    result = {"file": path, "errors": errors, "name": None, "method": None, "timezones": [], "events": []}
    try:
        with open(path, "rb") as f:
            cal = icalendar.Calendar.from_ical(f.read())
    except Exception as e:  # noqa: BLE001 - any failure is the finding
        errors.append(f"parse: {e!r}")
        return result
    for component in cal.walk():
        for error in component.errors:
            errors.append(f"{component.name}: {error}")
    missing = cal.get_missing_tzids()
    if missing:
        errors.append(f"no VTIMEZONE for {sorted(missing)}")
    # NAME (RFC 7986) and X- properties are TEXT by default (RFC 5545
    # 3.8.8), but icalendar keeps properties it does not know raw.
    name, x_name = (icalendar.parser.unescape_char(str(cal.get(p))) for p in ("NAME", "X-WR-CALNAME"))
    if name != x_name:
        errors.append("NAME differs from X-WR-CALNAME")
    result["name"] = x_name
    result["method"] = str(cal["METHOD"]) if "METHOD" in cal else None
    own_zones = {}
    for vtimezone in cal.walk("VTIMEZONE"):
        # Built from the component itself, not looked up by name.
        own_zones[str(vtimezone["TZID"])] = vtimezone.to_tz(lookup_tzid=False)
    result["timezones"] = list(own_zones)

    def time(event, name):
        prop = event.get(name)
        if prop is None:
            return None
        value = prop.dt
        if not isinstance(value, datetime):
            return {"date": value.isoformat()}
        tzid = prop.params.get("TZID")
        if value.tzinfo is None:
            errors.append(f"{event['UID']} {name}: floating time")
            return {"utc": None, "tzid": tzid}
        if tzid is not None:
            own = own_zones.get(tzid)
            if own is None:
                errors.append(f"{event['UID']} {name}: no VTIMEZONE for {tzid}")
            else:
                by_file = value.replace(tzinfo=None).replace(tzinfo=own)
                if iso(by_file) != iso(value):
                    errors.append(
                        f"{event['UID']} {name}: the file's VTIMEZONE gives {iso(by_file)}, "
                        f"zoneinfo gives {iso(value)}"
                    )
        return {"utc": iso(value), "tzid": tzid}

    def occurrences(event):
        """Every start of a repeating event (RRULE and RDATE less EXDATE)
        as UTC instants, expanded with dateutil; None when it does not
        repeat. Capped, so a rule with no end cannot hang the test."""
        if "RRULE" not in event and "RDATE" not in event:
            return None
        start = event["DTSTART"].dt
        found = rruleset()
        if "RRULE" in event:
            found.rrule(rrulestr(event["RRULE"].to_ical().decode(), dtstart=start))
        for name, add in (("RDATE", found.rdate), ("EXDATE", found.exdate)):
            props = event.get(name, [])
            for prop in props if isinstance(props, list) else [props]:
                for value in prop.dts:
                    add(value.dt)
        starts = []
        for moment in found:
            starts.append(iso(moment))
            if len(starts) >= 1000:
                break
        return starts

    for event in cal.walk("VEVENT"):
        alarms = []
        for alarm in event.walk("VALARM"):
            trigger = alarm["TRIGGER"]
            alarms.append(
                {
                    "action": str(alarm["ACTION"]),
                    "trigger": trigger.to_ical().decode(),
                    "related": trigger.params.get("RELATED", "START"),
                }
            )
        text = lambda name: str(event[name]) if name in event else None  # noqa: E731
        organizer = event.get("ORGANIZER")
        if organizer is not None:
            organizer = {"uri": str(organizer), "cn": organizer.params.get("CN")}
        result["events"].append(
            {
                "uid": str(event["UID"]),
                "summary": text("SUMMARY"),
                "description": text("DESCRIPTION"),
                "location": text("LOCATION"),
                "status": text("STATUS"),
                "transp": text("TRANSP"),
                "sequence": int(event["SEQUENCE"]),
                "url": text("URL"),
                "organizer": organizer,
                "dtstamp": iso(event["DTSTAMP"].dt),
                "last_modified": iso(event["LAST-MODIFIED"].dt),
                "start": time(event, "DTSTART"),
                "end": time(event, "DTEND"),
                "occurrences": occurrences(event),
                "alarms": alarms,
            }
        )
    return result


print(json.dumps([dump_file(p) for p in sys.argv[1:]], ensure_ascii=False))
