"""The whole view (filters, language, tab, chart options) as URL query parameters, so a link
reopens exactly what the sender saw."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from .filters import Filters
from .i18n import DEFAULT_LANG, LANGS

VIEWS = ("trends", "compare", "rankings", "claims", "documents")
CHART_VIEWS = ("trends", "compare", "rankings")  # what ?embed=true can show
COLOR_BY = ("region", "level")


@dataclass
class ViewState:
    filters: Filters = field(default_factory=Filters)
    lang: str = DEFAULT_LANG
    view: str = VIEWS[0]
    color_by: str = COLOR_BY[0]
    compare: str = ""  # indicator of the across-documents view; empty = the first one filtered
    indicators_given: bool = False  # whether the URL named indicators (else the app picks one)

    def to_query(self) -> dict[str, str]:
        query = self.filters.to_query()
        for key, value, default in (("lang", self.lang, DEFAULT_LANG), ("view", self.view, VIEWS[0]),
                                    ("color", self.color_by, COLOR_BY[0]), ("cmp", self.compare, "")):
            if value != default:
                query[key] = value
        return query

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> ViewState:
        """Unknown or malformed values fall back to the defaults: an old or edited link still opens."""
        def pick(key: str, allowed: tuple[str, ...]) -> str:
            value = query.get(key, allowed[0])
            return value if value in allowed else allowed[0]

        return cls(filters=Filters.from_query(query), lang=pick("lang", LANGS), view=pick("view", VIEWS),
                   color_by=pick("color", COLOR_BY), compare=str(query.get("cmp", "")),
                   indicators_given="indicator" in query)
