"""Errors a person can act on. Each carries what went wrong and what to do; imports nothing of ours."""

from __future__ import annotations


class PlanmetricsError(Exception):
    """Base of every error planmetrics reports to a person (exit code 1 on the command line)."""

    exit_code = 1

    def __init__(self, message: str, advice: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.advice = advice

    def __str__(self) -> str:
        return f"{self.message} {self.advice}".strip()


class RefusedError(PlanmetricsError):
    """The input or request was refused and nothing was changed (exit code 2)."""

    exit_code = 2


class PlanFileError(RefusedError):
    """A plan file is not valid: every problem is listed with its key."""

    def __init__(self, path: str, problems: list[str]) -> None:
        self.path = path
        self.problems = problems
        listing = "\n".join(f"  - {p}" for p in problems)
        super().__init__(
            f"The plan file {path} has {len(problems)} problem(s):\n{listing}",
            "Fix these keys in the file and run the command again.",
        )


class DatabaseError(PlanmetricsError):
    """The database cannot be used as it is (locked, corrupt, too new)."""


class UnknownBatchError(RefusedError):
    """A batch id that does not exist or cannot be acted on."""
