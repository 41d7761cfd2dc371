"""Importing many past issues in one run: every bad file named, the good ones stored.

Each file is read and stored in a transaction of its own, so one bad file never costs the others;
with ``all_or_nothing`` every file is read first and all are stored in one transaction, or none.
A file's outcome says what was stored only once its transaction has committed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from yuqing.errors import ReportParseError, StoreError, YuqingError
from yuqing.report.importer import ImportSummary, read_report, store_report
from yuqing.report.parse import ParsedReport
from yuqing.settings import Settings
from yuqing.store.db import Store

REPORT_SUFFIXES = (
    ".md",
    ".markdown",
    ".txt",
    ".text",
    ".docx",
    ".docm",
    ".pdf",
    ".doc",
    ".rtf",
    ".odt",
    ".wps",
)


@dataclass
class Outcome:
    path: Path
    summary: ImportSummary | None = None  # set once the file's transaction committed
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    number: int | None = None
    period: str = ""
    items: int = 0

    @property
    def failed(self) -> bool:
        return bool(self.errors)


def report_files(arguments: Iterable[Path]) -> tuple[list[Path], list[Outcome]]:
    """The files named, and the report files inside folders named (recursively, in name order;
    hidden files and Word's ~$ lock files left out). A name that does not exist is an outcome
    with its error."""
    files: list[Path] = []
    missing: list[Outcome] = []
    for argument in arguments:
        if argument.is_dir():
            found = sorted(
                p
                for p in argument.rglob("*")
                if p.is_file()
                and p.suffix.lower() in REPORT_SUFFIXES
                and not p.name.startswith((".", "~$"))
                and not any(part.startswith(".") for part in p.relative_to(argument).parts[:-1])
            )
            if not found:
                missing.append(Outcome(argument, errors=[f"{argument}: no report files in this folder"]))
            files += found
        elif argument.is_file():
            files.append(argument)
        else:
            missing.append(Outcome(argument, errors=[f"{argument}: no such file or folder"]))
    return list(dict.fromkeys(files)), missing


def import_files(
    store: Store,
    settings: Settings,
    files: list[Path],
    series: str,
    all_or_nothing: bool = False,
    advance: Callable[[Path], None] = lambda _: None,
) -> list[Outcome]:
    """Import ``files``; ``advance`` is called after each file (for a progress bar)."""
    if all_or_nothing:
        return _all_or_nothing(store, settings, files, series, advance)
    outcomes = []
    for path in files:
        outcome = Outcome(path)
        parsed = _read(path, settings, outcome)
        if parsed is not None:
            _store(store, settings, [(outcome, parsed)], series)
        outcomes.append(outcome)
        advance(path)
    return outcomes


def _read(path: Path, settings: Settings, outcome: Outcome) -> ParsedReport | None:
    try:
        parsed = read_report(path, settings.report_office)
    except ReportParseError as exc:
        outcome.errors += exc.problems
        return None
    except YuqingError as exc:
        outcome.errors.append(str(exc) if str(path) in str(exc) else f"{path}: {exc}")
        return None
    except Exception as exc:  # one unreadable file must not end a run over hundreds
        outcome.errors.append(
            f"{path}: could not be read ({type(exc).__name__}: {exc}); this is a fault in yuqing, "
            "please report it with the file"
        )
        return None
    outcome.number, outcome.period, outcome.items = (
        parsed.document.number,
        str(parsed.period),
        len(parsed.document.items),
    )
    outcome.warnings += parsed.warnings
    return parsed


def _store(store: Store, settings: Settings, batch: list[tuple[Outcome, ParsedReport]], series: str) -> None:
    """Store ``batch`` in one transaction; on any error nothing of it is kept and each file of
    the batch says why."""
    summaries: list[tuple[Outcome, ImportSummary]] = []
    current: Outcome | None = None
    try:
        with store.session(write=True) as session:  # reads, then writes (store/db.py)
            for outcome, parsed in batch:
                current = outcome
                summaries.append((outcome, store_report(session, parsed, series, outcome.path, settings)))
                session.flush()
    except (YuqingError, SQLAlchemyError) as exc:
        message = (
            str(exc) if isinstance(exc, YuqingError) else str(StoreError(f"the store refused it: {exc}"))
        )
        for outcome, _ in batch:
            if outcome is current:
                outcome.errors.append(
                    message if str(outcome.path) in message else f"{outcome.path}: {message}"
                )
            else:
                outcome.errors.append(f"{outcome.path}: not stored: another file of the batch failed")
        return
    for outcome, summary in summaries:
        outcome.summary = summary
        outcome.warnings = summary.warnings


def _all_or_nothing(
    store: Store, settings: Settings, files: list[Path], series: str, advance: Callable[[Path], None]
) -> list[Outcome]:
    outcomes, batch = [], []
    for path in files:
        outcome = Outcome(path)
        parsed = _read(path, settings, outcome)
        outcomes.append(outcome)
        if parsed is not None:
            batch.append((outcome, parsed))
        advance(path)
    if any(o.failed for o in outcomes):
        for outcome in outcomes:
            if not outcome.failed:
                outcome.errors.append(
                    f"{outcome.path}: not stored (--all-or-nothing): other files have errors"
                )
        return outcomes
    _store(store, settings, batch, series)
    return outcomes
