"""The writer the crash tests kill: `python crash_writer.py DB ROUND`.

It opens the ledger at DB and records, with handles fresh to its round, an office, then people
and their mandates of that office one after another (each mandate ended on the day the next one
starts). After each command returns it prints one line and flushes:
`ACK <position> person <handle>`, `ACK <position> office <handle>`,
`ACK <position> start <office> <holder> <day>` or `ACK <position> end <office> <holder> <day>`.
It prints `READY` once the ledger is open. It never stops by itself before 2,000 commands.
"""

from __future__ import annotations

import sys
from datetime import date, timedelta

from domain.holders import HolderKind
from ledger.app import Ledger
from ledger.location import Location


def ack(*words: object) -> None:
    print("ACK", *words, flush=True)


def main() -> None:
    db, round_ = sys.argv[1], int(sys.argv[2])
    led = Ledger(Location.parse(db), actor=f"writer-{round_}")
    print("READY", flush=True)
    office = f"office-{round_}"
    r = led.add_office(f"Office {round_}", handle=office)
    ack(r.position, "office", office)
    previous = None
    for i in range(500):
        person = f"w{round_}-{i}"
        r = led.add_holder(f"Writer {round_}.{i} Ünïcode", HolderKind.PERSON, handle=person)
        ack(r.position, "person", person)
        day = date(2000, 1, 1) + timedelta(days=30 * i)
        if previous is not None:
            r = led.end_mandate(office, previous, day, reason="next")
            ack(r.position, "end", office, previous, day.isoformat())
        r = led.start_mandate(office, person, day, basis=f"round {round_}")
        ack(r.position, "start", office, person, day.isoformat())
        previous = person
    led.close()


if __name__ == "__main__":
    main()
