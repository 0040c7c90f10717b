"""The claim: one row of the tidy table (SPEC.md section 1)."""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True)
class Claim:
    doc_id: str
    source: str
    title: str
    published: str  # ISO date or ""
    publisher: str
    indicator: str
    subject: str
    region: str
    level: str
    measure: str
    kind: str
    value: float
    value_max: float | None
    unit: str
    qualifier: str
    year: int | None
    year_source: str
    period: str
    status: str
    scope: str
    text: str
    start: int
    end: int
    sentence: str

    def __post_init__(self) -> None:
        # 9.2亿元 is 9.2 × 10^8 in binary floating point, 919999999.9999999: the table keeps the digits that were
        # written (no value is written with more than 12 significant digits).
        object.__setattr__(self, "value", _written(self.value))
        if self.value_max is not None:
            object.__setattr__(self, "value_max", _written(self.value_max))

    def as_row(self) -> dict:
        # Every field is a str, a number or None: a shallow copy is the row (dataclasses.asdict would
        # deep-copy each one, and took a third of a batch's time).
        return {name: getattr(self, name) for name in COLUMNS}


def _written(value: float) -> float:
    return float(f"{value:.12g}")


COLUMNS: tuple[str, ...] = tuple(f.name for f in fields(Claim))
