"""Opening the store: engine per URL, SQLite in WAL mode, migrations applied on open.

Several processes may write one SQLite file (collect, ingest, the web app, a scheduler): every
connection waits up to BUSY_TIMEOUT_MS for a lock instead of failing with "database is locked",
and writers start with BEGIN IMMEDIATE, since a read transaction that later writes cannot wait
for the lock in WAL mode (SQLite answers SQLITE_BUSY_SNAPSHOT at once; sqlite.org/wal.html).
Migrations run inside such a write transaction (on PostgreSQL, under an advisory lock), so two
processes opening a new store do not both create its tables. A write that fails for want of
disk, or after waiting too long for a lock, is a StoreError, rolled back whole.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from yuqing.errors import StoreError
from yuqing.settings import Settings

MIGRATIONS = Path(__file__).with_name("migrations")
BUSY_TIMEOUT_MS = 30_000
_MIGRATION_LOCK = 0x79757169  # PostgreSQL advisory lock key for migrations ("yuqi")


class Store:
    """A migrated database and a way to run a unit of work on it."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._writers = sessionmaker(writer(engine), expire_on_commit=False)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def session(self, write: bool = False) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back whole on any error.
        ``write=True`` takes SQLite's write lock at the start (BEGIN IMMEDIATE), for units of
        work that read and then write while other processes write too. Raises StoreError when
        the database cannot be written (disk full, locked too long, read-only)."""
        factory = self._writers if write else self._sessions
        try:
            with factory() as session, session.begin():
                yield session
        except OperationalError as exc:
            raise StoreError(write_failure(exc), url=_safe(str(self.engine.url))) from exc

    def close(self) -> None:
        self.engine.dispose()


def open_store(settings: Settings) -> Store:
    """Connect to the configured database and bring its schema up to date."""
    url = settings.url
    if url.startswith("sqlite"):
        try:
            settings.home.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create the data directory {settings.home}: {exc.strerror}") from exc
    # the pool hands a SQLite connection to one thread at a time; web requests move between threads
    connect_args = {"check_same_thread": False} if url.startswith("sqlite") else {}
    try:
        engine = create_engine(url, future=True, connect_args=connect_args)
    except (SQLAlchemyError, ImportError, ValueError) as exc:
        raise StoreError(f"cannot use database URL {_safe(url)}: {exc}", url=_safe(url)) from exc
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
    try:
        migrate(engine)
    except OperationalError as exc:
        raise StoreError(f"cannot open database {_safe(url)}: {write_failure(exc)}", url=_safe(url)) from exc
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot open database {_safe(url)}: {exc}", url=_safe(url)) from exc
    return Store(engine)


def writer(engine: Engine) -> Engine:
    """The engine whose transactions begin IMMEDIATE on SQLite (others: the engine itself)."""
    return engine.execution_options(sqlite_begin="IMMEDIATE") if engine.dialect.name == "sqlite" else engine


# SQLite's extended result code for a write refused at once in WAL mode: the transaction's snapshot
# is older than the last commit (https://www.sqlite.org/rescode.html#busy_snapshot); no waiting helps.
SQLITE_BUSY_SNAPSHOT = 517


def write_failure(exc: OperationalError) -> str:
    """A sentence for a failed write: what happened and that nothing of it was kept."""
    detail = str(exc.orig) if exc.orig is not None else str(exc)
    # SQLite rolls the whole transaction back on a full disk; undoing a savepoint then fails with
    # "no such savepoint", so the cause is found in the chain of errors that led here
    chain: list[BaseException] = []
    cause: BaseException | None = exc
    while cause is not None and cause not in chain:
        chain.append(cause)
        cause = cause.__cause__ or cause.__context__
    lowered = " ".join(str(e) for e in chain).lower()
    if "disk is full" in lowered or "no space" in lowered or "disk full" in lowered:
        what = "the disk is full (or the database reached its size limit)"
    elif any(getattr(e, "sqlite_errorcode", None) == SQLITE_BUSY_SNAPSHOT for e in chain):
        what = "another process wrote between this work's reads and its write (run it again)"
    elif "locked" in lowered or "busy" in lowered:
        what = f"the database stayed locked by another process for over {BUSY_TIMEOUT_MS // 1000} s"
    elif "readonly" in lowered or "read-only" in lowered:
        what = "the database file is read-only"
    else:
        what = f"the database refused the write ({detail})"
    return f"{what}; nothing of this unit of work was stored"


def migrate(engine: Engine) -> None:
    """Apply every migration the database has not seen yet, in order, one process at a time."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    head = ScriptDirectory.from_config(config).get_current_head()
    with writer(engine).begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
        if MigrationContext.configure(connection).get_current_revision() == head:
            return
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # the driver's own transaction handling is off: _sqlite_begin emits BEGIN (DEFERRED or
    # IMMEDIATE) itself, as SQLAlchemy's pysqlite documentation recommends for locking control
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")  # first: switching to WAL needs a lock
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
    connection.exec_driver_sql(f"BEGIN {mode}")


def _safe(url: str) -> str:
    """The URL without its password, for messages."""
    head, sep, tail = url.rpartition("@")
    if not sep or "://" not in head:
        return url
    scheme, _, credentials = head.partition("://")
    return f"{scheme}://{credentials.split(':')[0]}:***@{tail}"
