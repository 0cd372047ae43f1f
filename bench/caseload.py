"""How fast is a coach's caseload with 10,000 athletes? A private PostgreSQL database seeded
with 10,000 athletes of a year's history each, one coach linked to all of them and a second
coach linked to 1,000; then each page is read R times through the service
(`read_caseload(scope=...)`, the one door of the page, the API and the CLI) and through the
API (GET /api/v1/caseload with FastAPI's test client and a signed-in coach's session: the
server's whole work without the network), and the plan of each query is printed
(EXPLAIN (ANALYZE, BUFFERS)).

What is seeded, and why it is enough. The caseload reads three tables: `athletes` (handle,
name), `athlete_states` (the flags kept on each athlete's last write) and `coach_links` (the
scope). Those are seeded in full, through bulk inserts of the rows the use cases write:

- one athlete is made by the demo's story over 52 weeks through the services (screening,
  tests, a plan, every morning and session logged), so its kept state (`run`, the engine's
  state as JSON) and its decisions are what a year of real use writes;
- 10,000 athletes are copies of it with their own handles (inserted in a shuffled order, so
  the handle order is not the table's order) and their own flags, drawn with a mix a clinic
  would see: 1 % red flag (and so locked), 5 % locked, 8 % a step back this week, 10 %
  mornings rising, 20 % a re-test overdue, 25 % adherence under 80 %, 8 % a plateau, 1 % with
  no kept state yet (never written since the kept state came: they sort first);
- `engine_decisions`: the template's year of decisions for every athlete (--decisions 0 skips
  them). The caseload never reads them, but they are the biggest table of a real database, so
  they compete for the same memory as on a server;
- two coaches made through the services (an admin invites them), linked by bulk inserts.

Session logs, check-ins and assessments are not copied: the caseload reads none of them (the
flags they lead to are in `athlete_states`), so they would change no plan and no figure.

The pages measured: the first page (flagged first, 25 athletes), a filtered page (only red
flags; only re-tests overdue; only flagged), the first page by last activity, and a deep
page (the 51st, by the cursor the 50th page handed out). `VACUUM ANALYZE` runs after seeding,
as autovacuum would on a server.

With --candidates the pages are measured again with candidate indexes built (then dropped):
the indexes a plan above might seem to want, each for the filter or order named below; how
docs/performance.md decides whether an index pays for the writes it costs. --keep keeps the
seeded database (its URL is printed) and --database URL measures it again without seeding.
With --split the first page's plan is also shown as two queries, the kept athletes in the
order of ix_athlete_states_attention and the athletes without a kept state apart: what the
query itself (not an index) could gain (docs/performance.md).

Usage: python bench/caseload.py [--postgres URL] [--athletes N] [--runs R] [--decisions D]
                               [--candidates] [--split] [--no-plans] [--keep]
                               [--database URL]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine, create_engine, event, insert, select, text
from sqlalchemy.engine import make_url

from anklet.bootstrap import Anklet, SystemClock
from anklet.domain.accounts import Principal, Role, scope_of
from anklet.importers.catalogue import load_catalogue
from anklet.importers.norms import load_heel_raise_norms
from anklet.services.accounts import accept_invitation, create_admin, invite, sign_in
from anklet.services.caseload import read_caseload
from anklet.services.demo import seed_demo
from anklet.settings import build_settings
from anklet.storage.account_tables import accounts, coach_links
from anklet.storage.engine import make_engine
from anklet.storage.passwords import fast_passwords
from anklet.storage.schema import ensure_schema
from anklet.storage.state_tables import athlete_states, engine_decisions
from anklet.storage.tables import athletes
from anklet.web.app import create_app

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
TEMPLATE = "template"
PASSWORD = "correct horse battery staple"
PAGES_DEEP = 50
SMALL_CASELOAD = 1_000
COACHES = ("all@clinic.test", "some@clinic.test")  # linked to every athlete, and to 1,000
# Indexes a plan might seem to want (--candidates): the seq scans with a selective filter.
CANDIDATES = {
    # only=red-flag: about 1 % of the states.
    "bench_states_red_flag": "CREATE INDEX bench_states_red_flag ON athlete_states (athlete_id)"
    " WHERE red_flag",
    # only=retest-overdue: an OR of two dates (a BitmapOr needs an index on each).
    "bench_states_lunge_due": "CREATE INDEX bench_states_lunge_due ON athlete_states"
    " (lunge_due_on)",
    "bench_states_heel_raise_due": "CREATE INDEX bench_states_heel_raise_due ON athlete_states"
    " (heel_raise_due_on)",
    # order=last-activity.
    "bench_states_activity": "CREATE INDEX bench_states_activity ON athlete_states"
    " (last_activity_on)",
}
# How often each flag is up (see the module docstring).
MIX = {
    "red-flag": 0.01,
    "locked": 0.05,
    "regressions-this-week": 0.08,
    "mornings-rising": 0.10,
    "retest-overdue": 0.20,
    "adherence-low": 0.25,
    "plateau": 0.08,
}
NEVER_KEPT = 0.01
REASONS = {
    "red-flag": "red flag: night pain; see a clinician before loading",
    "locked": "pain 6/10 during the session: loading held until cleared",
    "regressions-this-week": "2 step-back(s) in the last 7 days",
    "mornings-rising": "morning pain rising: 1 -> 3 over the last week",
    "retest-overdue": "lunge re-test due 9 days ago",
    "adherence-low": "62 % of planned sessions done over the last 4 weeks",
    "plateau": "2 test(s) without a real change: a plateau",
}


@contextmanager
def private_database(url: str, keep: bool) -> Iterator[str]:
    """A database of its own on the same server, dropped after (unless --keep)."""
    name = f"anklet_bench_caseload_{uuid.uuid4().hex[:8]}"
    server = create_engine(url, isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    own = make_url(url).set(database=name).render_as_string(hide_password=False)
    try:
        yield own
    finally:
        if keep:
            print(f"kept: {own}")
        else:
            with server.connect() as connection:
                connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        server.dispose()


def seed_template(anklet: Anklet) -> int:
    started = time.perf_counter()
    summary = seed_demo(
        uow=anklet.uow(),
        handle=TEMPLATE,
        catalogue=load_catalogue(),
        norm_table=load_heel_raise_norms(),
        clock=anklet.clock,
        weeks=52,
    )
    with anklet.engine.connect() as connection:
        found = connection.execute(select(athletes.c.id).where(athletes.c.handle == TEMPLATE))
        template_id = int(found.scalar_one())
    print(
        f"template: {summary.sessions_logged} sessions, {summary.check_ins} mornings, "
        f"{summary.assessments} tests over 52 weeks ({time.perf_counter() - started:.1f} s)"
    )
    return template_id


def _flags(rng: random.Random, today: date) -> dict[str, Any]:
    up = {code for code, share in MIX.items() if rng.random() < share}
    if "red-flag" in up:
        up.add("locked")  # a red flag locks loading until a clinician clears it
    flags = [{"code": code, "reason": REASONS[code]} for code in MIX if code in up]
    last_activity = today - timedelta(days=rng.choice((0, 1, 1, 2, 3, 5, 8, 13, 21, 40)))
    overdue = "retest-overdue" in up
    due = (
        today - timedelta(days=rng.randint(1, 30))
        if overdue
        else today + timedelta(days=rng.randint(0, 28))
    )
    regressed = "regressions-this-week" in up
    return {
        "as_of": last_activity,
        "flags": json.dumps(flags),
        "flag_count": len(flags),
        "locked": "locked" in up,
        "red_flag": "red-flag" in up,
        "mornings_rising": "mornings-rising" in up,
        "adherence_low": "adherence-low" in up,
        "plateau": "plateau" in up,
        "attention": 100 * ("red-flag" in up) + 10 * ("locked" in up) + len(flags),
        "last_activity_on": last_activity,
        "last_regression_on": today - timedelta(days=rng.randint(0, 6) if regressed else 30),
        "lunge_due_on": due,
        "heel_raise_due_on": today + timedelta(days=rng.randint(0, 42)),
    }


def seed_athletes(engine: Engine, template_id: int, count: int, decisions: int) -> list[int]:
    """`count` athletes like the template, with their own handles and flags."""
    started = time.perf_counter()
    rng = random.Random(15)
    today = date.today()
    with engine.begin() as connection:
        person = dict(
            connection.execute(select(athletes).where(athletes.c.id == template_id))
            .mappings()
            .one()
        )
        state = dict(
            connection.execute(
                select(athlete_states).where(athlete_states.c.athlete_id == template_id)
            )
            .mappings()
            .one()
        )
        numbers = list(range(count))
        rng.shuffle(numbers)
        rows = []
        for number in numbers:
            rows.append(
                person
                | {"handle": f"{rng.choice(NAMES)}-{number:05d}", "name": f"Athlete {number}"}
            )
            del rows[-1]["id"]
        ids = list(connection.execute(insert(athletes).returning(athletes.c.id), rows).scalars())
        kept = [
            state | {"athlete_id": athlete_id} | _flags(rng, today)
            for athlete_id in ids
            if rng.random() >= NEVER_KEPT
        ]
        connection.execute(insert(athlete_states), kept)
        if decisions:
            _copy_decisions(connection, template_id, ids, decisions)
    print(
        f"seeded {count} athletes ({len(kept)} with a kept state), "
        f"{decisions} decisions each ({time.perf_counter() - started:.1f} s)"
    )
    return ids


def _copy_decisions(connection: Any, template_id: int, ids: list[int], decisions: int) -> None:
    """The template's decisions for every athlete, by COPY (the fastest bulk insert)."""
    d = engine_decisions.c
    found = connection.execute(
        select(engine_decisions).where(d.athlete_id == template_id).order_by(d.seq)
    ).mappings()
    template = [dict(row) for row in found]
    if not template:
        return
    columns = [c.name for c in engine_decisions.columns]
    cursor = connection.connection.driver_connection.cursor()
    names = ", ".join(columns)
    with cursor.copy(f"COPY engine_decisions ({names}) FROM STDIN") as copy:
        for athlete_id in ids:
            for seq in range(decisions):
                row = template[seq % len(template)] | {"athlete_id": athlete_id, "seq": seq}
                copy.write_row([row[name] for name in columns])


NAMES = ("ana", "ben", "cleo", "dev", "eli", "fay", "gus", "hana", "ivo", "jo", "kai", "lena")


@dataclass(frozen=True)
class Coach:
    email: str
    principal: Principal
    session: str  # a session cookie, signed in through the service


def seed_coaches(anklet: Anklet, ids: list[int]) -> tuple[Coach, Coach]:
    passwords = fast_passwords()
    admin = create_admin(
        uow=anklet.accounts_uow(),
        clock=anklet.clock,
        passwords=passwords,
        email="admin@clinic.test",
        name="Ada",
        password=PASSWORD,
    )
    made = []
    for email in COACHES:
        link = invite(
            uow=anklet.accounts_uow(),
            clock=anklet.clock,
            inviter=Principal(admin),
            role=Role.COACH,
        )
        account = accept_invitation(
            uow=anklet.accounts_uow(),
            clock=anklet.clock,
            passwords=passwords,
            secret=link.secret,
            email=email,
            name=email.split("@")[0].title(),
            password=PASSWORD,
        )
        _, session = sign_in(
            uow=anklet.accounts_uow(),
            clock=anklet.clock,
            passwords=passwords,
            email=email,
            password=PASSWORD,
        )
        made.append(Coach(email, Principal(account), session))
    everyone, some = made
    now = datetime.now()
    rng = random.Random(1000)
    links = [{"coach_id": everyone.principal.id, "athlete_id": i, "created_at": now} for i in ids]
    links += [
        {"coach_id": some.principal.id, "athlete_id": i, "created_at": now}
        for i in rng.sample(ids, min(SMALL_CASELOAD, len(ids)))
    ]
    with anklet.engine.begin() as connection:
        connection.execute(insert(coach_links), links)
        # The accounts' own count is tiny; nothing else to seed there.
        assert connection.execute(select(accounts.c.id)).all()
    return everyone, some


def coaches_in(anklet: Anklet) -> tuple[Coach, Coach]:
    """The two coaches of a database seeded before (--database), signed in anew."""
    made = []
    for email in COACHES:
        account, session = sign_in(
            uow=anklet.accounts_uow(),
            clock=anklet.clock,
            passwords=fast_passwords(),
            email=email,
            password=PASSWORD,
        )
        made.append(Coach(email, Principal(account), session))
    return made[0], made[1]


def vacuum(engine: Engine) -> None:
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM ANALYZE"))


@dataclass(frozen=True)
class Page:
    name: str
    query: dict[str, str]


def deep_cursor(anklet: Anklet, coach: Coach, pages: int) -> tuple[str, int]:
    """The cursor of page pages+1 (or of the last page, for a smaller caseload) and that
    page's number, walked there page by page as a coach's browser would."""
    cursor, walked = None, 0
    while walked < pages:
        page = read_caseload(
            uow=anklet.uow(), clock=anklet.clock, cursor=cursor, scope=scope_of(coach.principal)
        )
        if page.next_cursor is None:
            break
        cursor, walked = page.next_cursor, walked + 1
    assert cursor is not None, "a caseload of one page has no deep page"
    return cursor, walked + 1


def pages_of(anklet: Anklet, coach: Coach) -> list[Page]:
    cursor, number = deep_cursor(anklet, coach, PAGES_DEEP)
    return [
        Page("first page (flagged first)", {}),
        Page("only red flags", {"only": "red-flag"}),
        Page("only re-test overdue", {"only": "retest-overdue"}),
        Page("only flagged", {"only": "flagged"}),
        Page("by last activity", {"order": "last-activity"}),
        Page(f"deep page (page {number})", {"cursor": cursor}),
    ]


def percentiles(call: Callable[[], object], runs: int) -> tuple[float, float]:
    for _ in range(min(10, runs)):
        call()  # warm: the pool's connection, the plan caches
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), statistics.quantiles(times, n=100)[98]


class Captured:
    """The caseload's SQL as the repository sends it, for EXPLAIN."""

    def __init__(self, engine: Engine) -> None:
        self.statement = ""
        self.parameters: Any = None
        event.listen(engine, "before_cursor_execute", self._seen)

    def _seen(self, _conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if "athlete_states" in statement and "ORDER BY" in statement:
            self.statement, self.parameters = statement, parameters


def explain(engine: Engine, captured: Captured) -> str:
    with engine.connect() as connection:
        rows = connection.exec_driver_sql(
            "EXPLAIN (ANALYZE, BUFFERS) " + captured.statement, captured.parameters
        )
        return "\n".join("    " + row[0] for row in rows)


# The first page (order attention) as two parts (--split): kept athletes read in the order of
# the attention index, and the few without a kept state (attention 1000, first).
SPLIT = {
    "kept athletes, by ix_athlete_states_attention": (
        "SELECT a.handle, a.name, s.attention FROM athlete_states s"
        " JOIN athletes a ON a.id = s.athlete_id"
        " WHERE s.athlete_id IN (SELECT athlete_id FROM coach_links WHERE coach_id = %(c)s)"
        " ORDER BY s.attention DESC, a.handle LIMIT 26"
    ),
    "athletes without a kept state": (
        "SELECT a.handle, a.name, 1000 FROM athletes a"
        " WHERE a.id IN (SELECT athlete_id FROM coach_links WHERE coach_id = %(c)s)"
        " AND NOT EXISTS (SELECT 1 FROM athlete_states s WHERE s.athlete_id = a.id)"
        " ORDER BY a.handle LIMIT 26"
    ),
}


def explain_split(engine: Engine, coach: Coach) -> None:
    with engine.connect() as connection:
        for label, statement in SPLIT.items():
            for _ in range(3):  # warm, as the measured pages are
                connection.exec_driver_sql(statement, {"c": coach.principal.id}).all()
            rows = connection.exec_driver_sql(
                "EXPLAIN (ANALYZE, BUFFERS) " + statement, {"c": coach.principal.id}
            )
            print(f"first page, split: {label}")
            print("\n".join("    " + row[0] for row in rows))


def measure(anklet: Anklet, coaches: tuple[Coach, Coach], runs: int, plans: bool) -> None:
    captured = Captured(anklet.engine)
    app = create_app(anklet=anklet)
    print(f"{'coach':<10} {'page':<28} {'service p50/p99 ms':>20} {'API p50/p99 ms':>18}")
    for coach in coaches:
        caseload = len(
            anklet.engine.connect()
            .execute(
                select(coach_links.c.athlete_id).where(coach_links.c.coach_id == coach.principal.id)
            )
            .all()
        )
        with TestClient(app) as client:
            client.cookies.set("anklet_session", coach.session)
            for page in pages_of(anklet, coach):

                def service(
                    query: dict[str, str] = page.query, scope: Any = scope_of(coach.principal)
                ) -> object:
                    return read_caseload(uow=anklet.uow(), clock=anklet.clock, scope=scope, **query)

                def api(query: dict[str, str] = page.query) -> object:
                    answer = client.get("/api/v1/caseload", params=query)
                    assert answer.status_code == 200, answer.text
                    return answer

                s50, s99 = percentiles(service, runs)
                a50, a99 = percentiles(api, runs)
                who = f"{caseload} ath."
                print(
                    f"{who:<10} {page.name:<28} {s50:>9.1f} /{s99:>7.1f} {a50:>9.1f} /{a99:>6.1f}"
                )
                if plans:
                    service()
                    print(explain(anklet.engine, captured))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--postgres", default=DEFAULT_URL)
    parser.add_argument("--athletes", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument(
        "--decisions", type=int, default=-1, help="per athlete; default: the template's year"
    )
    parser.add_argument("--candidates", action="store_true", help="also with candidate indexes")
    parser.add_argument("--split", action="store_true", help="the first page as two queries")
    parser.add_argument("--no-plans", action="store_true", help="leave out EXPLAIN")
    parser.add_argument("--keep", action="store_true", help="keep the database (prints its URL)")
    parser.add_argument("--database", help="measure a database seeded and kept before (--keep)")
    args = parser.parse_args()
    if not SMALL_CASELOAD < args.athletes <= 100_000 or not 200 <= args.runs <= 10_000:
        parser.error("--athletes 1001-100000, --runs 200-10000")
    if args.database:
        run(args, args.database, seeded=True)
        return
    with private_database(args.postgres, args.keep) as url:
        run(args, url, seeded=False)


def run(args: argparse.Namespace, url: str, *, seeded: bool) -> None:
    engine = make_engine(url)
    ensure_schema(engine)
    settings = build_settings(db=url, accounts=True, environ={})
    anklet = Anklet(settings=settings, engine=engine, clock=SystemClock())
    if seeded:
        coaches = coaches_in(anklet)
    else:
        template_id = seed_template(anklet)
        with engine.connect() as connection:
            year = connection.execute(
                text("SELECT count(*) FROM engine_decisions WHERE athlete_id = :a"),
                {"a": template_id},
            ).scalar_one()
        decisions = int(year) if args.decisions < 0 else args.decisions
        ids = seed_athletes(engine, template_id, args.athletes, decisions)
        coaches = seed_coaches(anklet, ids)
    vacuum(engine)
    if args.split:
        for coach in coaches:
            explain_split(engine, coach)
    print(f"\nas migrated ({args.runs} runs each):")
    measure(anklet, coaches, args.runs, plans=not args.no_plans)
    if args.candidates:
        with engine.begin() as connection:
            for statement in CANDIDATES.values():
                connection.execute(text(statement))
        vacuum(engine)
        print(f"\nwith the candidate indexes ({', '.join(CANDIDATES)}):")
        measure(anklet, coaches, args.runs, plans=not args.no_plans)
        with engine.begin() as connection:  # the database stays as migrated
            for name in CANDIDATES:
                connection.execute(text(f'DROP INDEX "{name}"'))
    engine.dispose()


if __name__ == "__main__":
    main()
