"""The repository: the only way the rest of hipcoach reads and writes the database.

It takes and returns the plain records of :mod:`hipcoach.store.records`; every method runs in
one transaction, so a failure (or a killed process) leaves either all of a write or none of it.

>>> from datetime import date
>>> with open_store(url="sqlite://") as store:
...     saved = store.add_session(LoggedSession(day=date(2026, 1, 5), entries=(
...         SetEntry(exercise_id="glute-bridge", set_index=1, reps=12),)))
...     [s.id for s in store.sessions()]
[1]

Times are naive local times (an aware datetime is converted to local time first).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from types import TracebackType

from sqlalchemy import Engine, delete, func, select, update
from sqlalchemy.exc import DatabaseError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from hipcoach.config import Settings, get_settings
from hipcoach.errors import CorruptDatabaseError, StorageError, UsageError
from hipcoach.store import migrate
from hipcoach.store.engine import make_engine, safe_url, sqlite_path
from hipcoach.store.records import (
    BreakRecord,
    DatabaseInfo,
    LoggedSession,
    SetEntry,
    StoredPlan,
)
from hipcoach.store.tables import SCHEMA_VERSION, BreakRow, PlanRow, SessionRow, SetEntryRow


def _local(ts: datetime) -> datetime:
    return ts.astimezone().replace(tzinfo=None) if ts.tzinfo is not None else ts


def _entry_row(entry: SetEntry, position: int) -> SetEntryRow:
    return SetEntryRow(
        position=position,
        exercise_id=entry.exercise_id,
        set_index=entry.set_index,
        side=entry.side,
        target_reps_min=entry.target_reps_min,
        target_reps_max=entry.target_reps_max,
        target_load_kg=entry.target_load_kg,
        target_hold_s=entry.target_hold_s,
        reps=entry.reps,
        load_kg=entry.load_kg,
        hold_s=entry.hold_s,
        rir=entry.rir,
        pain=entry.pain,
        form=entry.form,
        form_score=entry.form_score,
        rom_deg=entry.rom_deg,
        faults=",".join(entry.faults) or None,
        notes=entry.notes,
    )


def _entry(row: SetEntryRow) -> SetEntry:
    return SetEntry(
        id=row.id,
        exercise_id=row.exercise_id,
        set_index=row.set_index,
        side=row.side,
        target_reps_min=row.target_reps_min,
        target_reps_max=row.target_reps_max,
        target_load_kg=row.target_load_kg,
        target_hold_s=row.target_hold_s,
        reps=row.reps,
        load_kg=row.load_kg,
        hold_s=row.hold_s,
        rir=row.rir,
        pain=row.pain,
        form=row.form,
        form_score=row.form_score,
        rom_deg=row.rom_deg,
        faults=tuple(f for f in (row.faults or "").split(",") if f),
        notes=row.notes,
    )


def _session(row: SessionRow, exercise_id: str | None = None) -> LoggedSession:
    entries = [_entry(e) for e in row.entries]
    if exercise_id is not None:
        entries = [e for e in entries if e.exercise_id == exercise_id]
    return LoggedSession(
        id=row.id,
        day=row.day,
        created_at=row.created_at,
        source=row.source,
        name=row.name,
        planned_ref=row.planned_ref,
        notes=row.notes,
        entries=tuple(entries),
    )


def _plan(row: PlanRow) -> StoredPlan:
    return StoredPlan(
        id=row.id,
        created_at=row.created_at,
        start=row.start,
        name=row.name,
        active=row.active,
        inputs=dict(row.inputs),
        plan=row.plan,
    )


def _break(row: BreakRow) -> BreakRecord:
    return BreakRecord(
        id=row.id,
        at=row.at,
        status=row.status,
        kind=row.kind,
        duration_s=row.duration_s,
        notes=row.notes,
    )


class Store:
    """Typed access to sessions, set entries, plans and breaks. Use :func:`open_store`."""

    def __init__(self, engine: Engine, url: str) -> None:
        self.engine = engine
        self.url = url
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    # -- plumbing -------------------------------------------------------------------------
    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @contextmanager
    def _tx(self) -> Iterator[Session]:
        """One transaction; database errors become StorageError (nothing half-written)."""
        try:
            with self._sessions.begin() as session:
                yield session
        except OperationalError as exc:
            raise StorageError(
                f"the database at {safe_url(self.url)} failed: {exc.orig}",
                "check the database is reachable and not locked by another program",
            ) from exc
        except DatabaseError as exc:
            msg = str(exc.orig)
            if "malformed" in msg or "not a database" in msg:
                raise CorruptDatabaseError(
                    f"the database at {safe_url(self.url)} is damaged ({msg})",
                    "restore a backup, or move the file aside and start a new one",
                ) from exc
            raise StorageError(f"the database refused the write: {msg}") from exc
        except SQLAlchemyError as exc:
            raise StorageError(f"database error: {exc}") from exc

    def info(self) -> DatabaseInfo:
        """Where the data lives, its schema version and row counts."""
        with self._tx() as s:
            counts = {
                table.__tablename__: s.scalar(select(func.count()).select_from(table)) or 0
                for table in (SessionRow, SetEntryRow, PlanRow, BreakRow)
            }
        return DatabaseInfo(
            url=safe_url(self.url),
            schema_version=SCHEMA_VERSION,
            revision=migrate.head_revision(),
            app_version=migrate.app_version(),
            counts=counts,
        )

    # -- sessions -------------------------------------------------------------------------
    def add_session(self, session: LoggedSession) -> LoggedSession:
        """Store a session with its sets; returns it with ids filled in."""
        return self.add_sessions([session])[0]

    def add_sessions(self, sessions: Iterable[LoggedSession]) -> list[LoggedSession]:
        """Store many sessions in one transaction: all of them or, on any error, none."""
        now = datetime.now()
        with self._tx() as s:
            rows = []
            for item in sessions:
                row = SessionRow(
                    day=item.day,
                    created_at=_local(item.created_at) if item.created_at else now,
                    source=item.source,
                    name=item.name,
                    planned_ref=item.planned_ref,
                    notes=item.notes,
                    entries=[_entry_row(e, i) for i, e in enumerate(item.entries)],
                )
                s.add(row)
                rows.append(row)
            s.flush()
            return [_session(r) for r in rows]

    def add_entries(self, session_id: int, entries: Iterable[SetEntry]) -> LoggedSession:
        """Append sets to an existing session (one transaction)."""
        with self._tx() as s:
            row = self._get_session_row(s, session_id)
            start = max((e.position for e in row.entries), default=-1) + 1
            for i, entry in enumerate(entries):
                row.entries.append(_entry_row(entry, start + i))
            s.flush()
            return _session(row)

    def _get_session_row(self, s: Session, session_id: int) -> SessionRow:
        row = s.get(SessionRow, session_id)
        if row is None:
            raise UsageError(
                f"no logged session with id {session_id}",
                "list sessions with: hipcoach log history",
            )
        return row

    def get_session(self, session_id: int) -> LoggedSession:
        with self._tx() as s:
            return _session(self._get_session_row(s, session_id))

    def delete_session(self, session_id: int) -> None:
        """Delete a session and its sets."""
        with self._tx() as s:
            s.delete(self._get_session_row(s, session_id))

    def find_session(self, day: date, source: str | None = None) -> LoggedSession | None:
        """The latest session on ``day`` (optionally from one source), or None."""
        with self._tx() as s:
            query = select(SessionRow).where(SessionRow.day == day)
            if source is not None:
                query = query.where(SessionRow.source == source)
            row = s.scalars(query.order_by(SessionRow.id.desc()).limit(1)).first()
            return _session(row) if row else None

    def sessions(
        self,
        *,
        start: date | None = None,
        end: date | None = None,
        exercise_id: str | None = None,
        source: str | None = None,
        limit: int | None = None,
    ) -> list[LoggedSession]:
        """Sessions oldest first, within [start, end]; ``exercise_id`` keeps only its sets.

        ``limit`` keeps the most recent ``limit`` sessions (still returned oldest first).
        """
        query = select(SessionRow)
        if start is not None:
            query = query.where(SessionRow.day >= start)
        if end is not None:
            query = query.where(SessionRow.day <= end)
        if source is not None:
            query = query.where(SessionRow.source == source)
        if exercise_id is not None:
            has = select(SetEntryRow.session_id).where(SetEntryRow.exercise_id == exercise_id)
            query = query.where(SessionRow.id.in_(has))
        query = query.order_by(SessionRow.day.desc(), SessionRow.id.desc())
        if limit is not None:
            query = query.limit(limit)
        with self._tx() as s:
            rows = list(s.scalars(query))
            return [_session(r, exercise_id) for r in reversed(rows)]

    def exercise_ids(self) -> list[str]:
        """Every exercise id that has logged sets, most recently logged first."""
        with self._tx() as s:
            rows = s.execute(
                select(SetEntryRow.exercise_id, func.max(SessionRow.day))
                .join(SessionRow)
                .group_by(SetEntryRow.exercise_id)
                .order_by(func.max(SessionRow.day).desc(), SetEntryRow.exercise_id)
            ).all()
        return [r[0] for r in rows]

    # -- plans ----------------------------------------------------------------------------
    def save_plan(self, plan: StoredPlan) -> StoredPlan:
        """Store a plan; an active plan replaces the previously active one."""
        with self._tx() as s:
            if plan.active:
                s.execute(update(PlanRow).where(PlanRow.active.is_(True)).values(active=False))
            row = PlanRow(
                created_at=datetime.now(),
                start=plan.start,
                name=plan.name,
                active=plan.active,
                inputs=plan.inputs,
                plan=plan.plan,
            )
            s.add(row)
            s.flush()
            return _plan(row)

    def active_plan(self) -> StoredPlan | None:
        with self._tx() as s:
            row = s.scalars(
                select(PlanRow).where(PlanRow.active.is_(True)).order_by(PlanRow.id.desc())
            ).first()
            return _plan(row) if row else None

    def get_plan(self, plan_id: int) -> StoredPlan:
        with self._tx() as s:
            row = s.get(PlanRow, plan_id)
            if row is None:
                raise UsageError(f"no stored plan with id {plan_id}", "save one with hipcoach plan")
            return _plan(row)

    def plans(self) -> list[StoredPlan]:
        with self._tx() as s:
            return [_plan(r) for r in s.scalars(select(PlanRow).order_by(PlanRow.id))]

    # -- sitting breaks -------------------------------------------------------------------
    def add_break(self, record: BreakRecord) -> BreakRecord:
        """Log a break offered at ``record.at``, taken or skipped."""
        with self._tx() as s:
            row = BreakRow(
                at=_local(record.at),
                status=record.status,
                kind=record.kind,
                duration_s=record.duration_s,
                notes=record.notes,
            )
            s.add(row)
            s.flush()
            return _break(row)

    def breaks_between(self, start: datetime, end: datetime) -> list[BreakRecord]:
        """Breaks with ``start <= at < end``, oldest first."""
        with self._tx() as s:
            rows = s.scalars(
                select(BreakRow)
                .where(BreakRow.at >= _local(start), BreakRow.at < _local(end))
                .order_by(BreakRow.at, BreakRow.id)
            )
            return [_break(r) for r in rows]

    def breaks_on(self, day: date) -> list[BreakRecord]:
        """Breaks logged on one calendar day, oldest first."""
        start = datetime.combine(day, time())
        return self.breaks_between(start, start + timedelta(days=1))

    def delete_break(self, break_id: int) -> None:
        with self._tx() as s:
            result = s.execute(delete(BreakRow).where(BreakRow.id == break_id))
            if not result.rowcount:  # type: ignore[attr-defined]
                raise UsageError(f"no logged break with id {break_id}")


def open_store(settings: Settings | None = None, *, url: str | None = None) -> Store:
    """Open (creating or upgrading as needed) the database the settings point at.

    A damaged database raises CorruptDatabaseError and one from a newer hipcoach raises
    NewerDatabaseError; neither file is touched.

    >>> store = open_store(url="sqlite://")
    >>> store.info().schema_version
    1
    """
    if url is None:
        url = (settings or get_settings()).resolved_database_url()
    path = sqlite_path(url)
    if path is not None:
        migrate.check_sqlite_file(path)
    engine = make_engine(url)
    try:
        if path is None:
            migrate.check_engine(engine, safe_url(url))
        migrate.upgrade(engine)
    except OperationalError as exc:
        engine.dispose()
        raise StorageError(
            f"cannot open the database at {safe_url(url)}: {exc.orig}",
            "check the server is running and the URL (HIPCOACH_DATABASE_URL) is right",
        ) from exc
    except DatabaseError as exc:
        engine.dispose()
        raise StorageError(f"cannot open the database at {safe_url(url)}: {exc.orig}") from exc
    except BaseException:
        engine.dispose()
        raise
    return Store(engine, url)
