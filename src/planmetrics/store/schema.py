"""The database's schema: the migrations in order, and applying those a file lacks.

A file from an older planmetrics is upgraded the first time this process opens it; a file from a newer one
is refused. The migrations are standard SQL that PostgreSQL runs as well as DuckDB (types named as both name
them, no QUALIFY, no SEMI or ANTI JOIN); those written before in DuckDB's own forms read the same now, and a
file that ran them has the view rewritten by migration 11. Imports only `errors` (and duckdb).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb

from planmetrics.errors import DatabaseError

# The figure's row named in `superseded` (a newer batch restated it); the row's batch counts (not rolled back,
# imported directly or approved).
_SUPERSEDED = """SELECT 1 FROM superseded s WHERE s.batch = f.batch AND s.indicator = f.indicator
        AND s.year = f.year AND s.region = f.region AND s.sector = f.sector AND s.network = f.network"""
_COUNTED = "SELECT 1 FROM batches b WHERE b.id = f.batch AND NOT b.rolled_back AND b.state IN ('direct', 'approved')"
# The current figures: the rows of the batches that count, less those superseded.
CURRENT_VIEW = f"""
    CREATE OR REPLACE VIEW current AS
    SELECT f.indicator, f.year, f.region, f.sector, f.network, f.value, f.unit, f.flag, f.source, f.batch,
           f.source_fr, f.quality
    FROM figures f
    WHERE EXISTS ({_COUNTED})
      AND NOT EXISTS ({_SUPERSEDED});
"""

MIGRATIONS: tuple[str, ...] = (
    # 1: figures in long form, batches, plan versions.
    """
    CREATE TABLE schema_version (version INTEGER NOT NULL, applied_at TIMESTAMP NOT NULL);
    CREATE TABLE batches (
        id INTEGER NOT NULL, kind VARCHAR NOT NULL, created_at TIMESTAMP NOT NULL,
        created_by VARCHAR, file_name VARCHAR, sha256 VARCHAR, rows_read INTEGER NOT NULL,
        inserted INTEGER NOT NULL, restated INTEGER NOT NULL, unchanged INTEGER NOT NULL,
        rolled_back BOOLEAN NOT NULL, rolls_back INTEGER, reason VARCHAR);
    CREATE TABLE figures (
        batch INTEGER NOT NULL, indicator VARCHAR NOT NULL, year INTEGER NOT NULL,
        region VARCHAR NOT NULL, sector VARCHAR NOT NULL, network VARCHAR NOT NULL,
        value DOUBLE PRECISION NOT NULL, unit VARCHAR, flag VARCHAR, source VARCHAR);
    CREATE TABLE plan_versions (
        plan_id VARCHAR NOT NULL, file_name VARCHAR NOT NULL, sha256 VARCHAR NOT NULL,
        recorded_at TIMESTAMP NOT NULL, content VARCHAR NOT NULL);
    """,
    # 2: the original bytes of an uploaded file kept with its batch; managers' commentary per target.
    """
    ALTER TABLE batches ADD COLUMN file_bytes BYTEA;
    ALTER TABLE batches ADD COLUMN plan_id VARCHAR;
    CREATE TABLE comments (
        id INTEGER NOT NULL, plan_id VARCHAR NOT NULL, target VARCHAR NOT NULL, year INTEGER NOT NULL,
        body VARCHAR NOT NULL, created_by VARCHAR, created_at TIMESTAMP NOT NULL);
    """,
    # 3: the current value of every figure, kept up to date by each commit and rollback, so that reading
    # needs no selection over the whole history.
    """
    CREATE TABLE current AS
    SELECT indicator, year, region, sector, network, value, unit, flag, source, batch FROM (
        SELECT f.indicator, f.year, f.region, f.sector, f.network, f.value, f.unit, f.flag, f.source, f.batch,
               row_number() OVER (PARTITION BY f.indicator, f.year, f.region, f.sector, f.network
                                  ORDER BY f.batch DESC) AS newest
        FROM figures f JOIN batches b ON b.id = f.batch
        WHERE NOT b.rolled_back
    ) AS ranked
    WHERE newest = 1;
    """,
    # 4: the original file kept compressed (zstd): a big CSV shrinks about twentyfold, so keeping it costs
    # little time and little room; rows from before keep their bytes as they were (no codec).
    """
    ALTER TABLE batches ADD COLUMN file_codec VARCHAR;
    ALTER TABLE batches ADD COLUMN file_size BIGINT;
    """,
    # 5: every figure stored once. `superseded` names the history rows a newer batch restated (a few); the
    # current figures are the rows of batches not rolled back, less those: a view, no second copy to write.
    f"""
    CREATE TABLE superseded AS
    SELECT batch, indicator, year, region, sector, network FROM (
        SELECT f.batch, f.indicator, f.year, f.region, f.sector, f.network,
               row_number() OVER (PARTITION BY f.indicator, f.year, f.region, f.sector, f.network
                                  ORDER BY f.batch DESC) AS newest
        FROM figures f JOIN batches b ON b.id = f.batch
        WHERE NOT b.rolled_back
    ) AS ranked
    WHERE newest > 1;
    DROP TABLE current;
    CREATE VIEW current AS
    SELECT f.indicator, f.year, f.region, f.sector, f.network, f.value, f.unit, f.flag, f.source, f.batch
    FROM figures f
    WHERE EXISTS (SELECT 1 FROM batches b WHERE b.id = f.batch AND NOT b.rolled_back)
      AND NOT EXISTS ({_SUPERSEDED});
    """,
    # 6: the source's French text beside it (`source_fr`), NULL where there is none: French pages and reports
    # show it instead of the source.
    f"""
    ALTER TABLE figures ADD COLUMN source_fr VARCHAR;
    CREATE OR REPLACE VIEW current AS
    SELECT f.indicator, f.year, f.region, f.sector, f.network, f.value, f.unit, f.flag, f.source, f.batch,
           f.source_fr
    FROM figures f
    WHERE EXISTS (SELECT 1 FROM batches b WHERE b.id = f.batch AND NOT b.rolled_back)
      AND NOT EXISTS ({_SUPERSEDED});
    """,
    # 7: reports issued to a board: when, by whom, as of which year, in which language, which file (its
    # sha256), the newest batch and commentary then (what came after is "since"), and what it showed: each
    # target's status and each total figure it was judged on, with the batch that figure came from.
    """
    CREATE TABLE reports (
        id INTEGER NOT NULL, plan_id VARCHAR NOT NULL, issued_at TIMESTAMP NOT NULL, issued_by VARCHAR,
        as_of INTEGER, lang VARCHAR NOT NULL, file_name VARCHAR NOT NULL, sha256 VARCHAR NOT NULL,
        last_batch INTEGER NOT NULL, last_comment INTEGER NOT NULL);
    CREATE TABLE report_statuses (report INTEGER NOT NULL, target VARCHAR NOT NULL, status VARCHAR NOT NULL);
    CREATE TABLE report_figures (
        report INTEGER NOT NULL, indicator VARCHAR NOT NULL, year INTEGER NOT NULL,
        region VARCHAR NOT NULL, sector VARCHAR NOT NULL, network VARCHAR NOT NULL,
        value DOUBLE PRECISION NOT NULL, batch INTEGER);
    """,
    # 8: the source's quality grade of a figure (`quality`: Statistics Canada's A to D), NULL where the source
    # gives none: shown beside the figure wherever its source is.
    f"""
    ALTER TABLE figures ADD COLUMN quality VARCHAR;
    CREATE OR REPLACE VIEW current AS
    SELECT f.indicator, f.year, f.region, f.sector, f.network, f.value, f.unit, f.flag, f.source, f.batch,
           f.source_fr, f.quality
    FROM figures f
    WHERE EXISTS (SELECT 1 FROM batches b WHERE b.id = f.batch AND NOT b.rolled_back)
      AND NOT EXISTS ({_SUPERSEDED});
    """,
    # 9: the networks' review. A batch's `state`: `direct` (counts at once), `submitted` (awaits a reviewer;
    # its figures count nowhere), `approved` (counts), `returned` (never counts); the network that submitted
    # it, who reviewed it, when and why. Review and lock events are batches too (`approval`, `return`, `lock`,
    # `unlock`), naming the batch they review (`reviews`) or the year they close (`year`). The users, their
    # role and network, in the store so that every app server sees the same ones.
    f"""
    ALTER TABLE batches ADD COLUMN state VARCHAR DEFAULT 'direct';
    ALTER TABLE batches ADD COLUMN network VARCHAR;
    ALTER TABLE batches ADD COLUMN reviewed_by VARCHAR;
    ALTER TABLE batches ADD COLUMN reviewed_at TIMESTAMP;
    ALTER TABLE batches ADD COLUMN review_reason VARCHAR;
    ALTER TABLE batches ADD COLUMN reviews INTEGER;
    ALTER TABLE batches ADD COLUMN year INTEGER;
    UPDATE batches SET state = 'direct' WHERE state IS NULL;
    CREATE TABLE users (
        name VARCHAR NOT NULL, role VARCHAR NOT NULL, network VARCHAR, digest VARCHAR NOT NULL,
        added_at TIMESTAMP NOT NULL, added_by VARCHAR);
    {CURRENT_VIEW}""",
    # 10: a status set by the plan team over the computed one (`overrides`), for a target from an as-of year
    # on, with the computed status and the figure it was judged on then (`latest_year`, `latest`: a newer
    # figure marks the override as set before it). Each is the row of an `override` batch (who, when, why);
    # the newest row of a plan's target and as-of year decides, and a row with no status clears it.
    """
    CREATE TABLE overrides (
        batch INTEGER NOT NULL, plan_id VARCHAR NOT NULL, target VARCHAR NOT NULL, as_of INTEGER,
        status VARCHAR, computed_status VARCHAR, latest_year INTEGER, latest DOUBLE PRECISION);
    """,
    # 11: the `current` view in standard SQL (EXISTS, NOT EXISTS), which PostgreSQL runs as well: the same rows
    # as DuckDB's SEMI and ANTI JOIN of versions 5 to 10 gave.
    CURRENT_VIEW,
)
SCHEMA_VERSION = len(MIGRATIONS)


def now() -> dt.datetime:
    """The time a row is written at: UTC, naive, to the second."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


def upgrade(con: duckdb.DuckDBPyConnection, path: Path, upto: int) -> int:
    """Apply the migrations the file lacks, each in its own transaction; returns the version now in it."""
    current = schema_version(con)
    if current > SCHEMA_VERSION:
        raise DatabaseError(
            "store.too_new", "store.too_new.advice", path=path, version=current, supported=SCHEMA_VERSION
        )
    if 0 < current < upto or (current == 0 and upto > 0 and _is_empty(con)):
        for version in range(current + 1, upto + 1):
            con.execute("BEGIN TRANSACTION")
            con.execute(MIGRATIONS[version - 1])
            con.execute("INSERT INTO schema_version VALUES (?, ?)", [version, now()])
            con.execute("COMMIT")
        return upto
    return current


# The tables of the database itself, in its own schema: neither PostgreSQL's catalogue nor a temporary table.
_OURS = "table_catalog = current_database() AND table_schema = current_schema()"


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    """The schema version of an open file; 0 for a file without planmetrics' tables."""
    tables = con.execute(
        f"SELECT count(*) FROM information_schema.tables WHERE {_OURS} AND table_name = 'schema_version'"
    ).fetchall()[0][0]
    if not tables:
        return 0
    return int(con.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchall()[0][0])


def _is_empty(con: duckdb.DuckDBPyConnection) -> bool:
    return not con.execute(f"SELECT count(*) FROM information_schema.tables WHERE {_OURS}").fetchall()[0][0]
