"""The database: the only package that speaks SQL.

Figures are stored in long form and never updated in place: a restatement is a new row in a newer batch,
and the current value of a figure is the one from the newest batch that is not rolled back. Every write is
one transaction, through a connection that lives for one operation.

- `schema`: the migrations and the schema version;
- `batches`: what a commit changes, the batch rows, the superseded rows behind the `current` view;
- `database`: the Store class, every operation on one file;
- `backups`: backup and restore of a whole file;
- `versions`: a figure's versions, and what each batch restated.
- `reports`: reports issued to a board, what they showed and what came after;
- `locks`, `review`: locked years, submissions approved or returned;
- `users`: who may change data, their role and network;
- `completeness`, `overrides`: what each network has sent for a year; statuses set by the plan team.

Imports only `config`, `errors` and `plan`; nothing else in planmetrics reaches DuckDB.
"""

from planmetrics.store import completeness, overrides, reports, review, users
from planmetrics.store.backups import backup, check_backup, restore
from planmetrics.store.batches import (
    FIGURE_COLUMNS,
    FILE_CODEC,
    BatchKind,
    BatchResult,
    BatchState,
    PackedFile,
    pack_file,
)
from planmetrics.store.database import Store
from planmetrics.store.schema import MIGRATIONS, SCHEMA_VERSION
from planmetrics.store.versions import FigureVersion, Restated, Restatements, figure_versions, restatements

__all__ = [
    "FIGURE_COLUMNS",
    "FILE_CODEC",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "BatchKind",
    "BatchResult",
    "BatchState",
    "FigureVersion",
    "PackedFile",
    "Restated",
    "Restatements",
    "Store",
    "backup",
    "check_backup",
    "completeness",
    "figure_versions",
    "overrides",
    "pack_file",
    "reports",
    "restatements",
    "restore",
    "review",
    "users",
]
