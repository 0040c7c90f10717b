"""zhibiao dashboard (Streamlit): widgets and layout only; the work is done in the dashboard modules.

    streamlit run dashboard/app.py [-- PATH ...]      or      zhibiao dashboard [PATH ...]
"""

from __future__ import annotations

import functools
import os
import sys
from pathlib import Path

import pandas as pd
import streamlit as st

# Streamlit runs this file as a script: make the project importable without installing it.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dashboard import charts, conflicts, data, export, filters, highlight, store_source, tables  # noqa: E402
from dashboard.i18n import blank_label, code_label, format_claim, indicator_label, t  # noqa: E402
from dashboard.memory_source import MemorySource  # noqa: E402
from dashboard.state import CHART_VIEWS, COLOR_BY, VIEWS, ViewState  # noqa: E402


@st.cache_data(show_spinner="Extracting…")
def load_dataset(paths: tuple[str, ...]) -> data.Dataset:
    return data.load_paths(paths or [data.BUNDLED_CORPUS])


Source = MemorySource | store_source.StoreSource


@st.cache_resource(show_spinner="Opening the store…")
def open_store(path: str) -> store_source.StoreSource:
    return store_source.StoreSource(path)


def font_problem() -> str | None:
    try:
        export.register_cjk_font()
    except export.FontMissing as exc:
        return str(exc)
    return None


def session_dataset() -> data.Dataset:
    paths = tuple(data.launch_paths(sys.argv, os.environ, __file__))
    dataset = load_dataset(paths)
    uploaded = st.session_state.get("upload_dataset")
    return dataset.merged(uploaded) if uploaded is not None else dataset


def init_widgets(state: ViewState, choices: filters.Choices) -> None:
    """Seed the widgets from the URL once per session; afterwards the widgets own their values."""
    if st.session_state.get("seeded"):
        return
    f = state.filters
    default = choices.default_indicator
    st.session_state.update({
        "seeded": True, "lang_en": state.lang == "en", "color_by": state.color_by, "compare": state.compare,
        "w_indicators": f.indicators if state.indicators_given else ([default] if default else []),
        "w_regions": f.regions, "w_levels": f.levels, "w_measures": f.measures, "w_statuses": f.statuses,
        "w_kinds": f.kinds, "w_docs": f.docs, "w_search": f.search, "w_years": (f.year_from, f.year_to),
    })


def multiselect(name: str, key: str, choices: list[str], fmt, lang: str) -> list[str]:
    # A value from an old link that is not in this dataset would make Streamlit raise: drop it.
    st.session_state[key] = [v for v in st.session_state.get(key, []) if v in choices]
    return st.sidebar.multiselect(t(f"ui.{name}", lang), choices, key=key, format_func=fmt,
                                  placeholder=t("ui.all", lang))


def sidebar(choices: filters.Choices, documents: pd.DataFrame, lang: str) -> filters.Filters:
    st.sidebar.header(t("ui.filters", lang))
    blank = functools.partial(blank_label, lang=lang)
    labels = {
        "indicators": ("indicator", lambda k: indicator_label(k, lang)),
        "regions": ("region", blank),
        "levels": ("level", blank),
        "measures": ("measure", lambda m: code_label("measure", m, lang)),
        "statuses": ("status", lambda s: code_label("status", s, lang)),
        "kinds": ("kind", lambda k: code_label("kind", k, lang)),
    }
    picked = {field: multiselect(name, f"w_{field}", choices.lists[field], fmt, lang)
              for field, (name, fmt) in labels.items()}
    docs = data.document_choices(documents, st.session_state.get("w_docs", []))
    titles = dict(zip(docs["doc_id"], docs["title"].fillna(""), strict=True))
    picked["docs"] = multiselect("document", "w_docs", list(docs["doc_id"]), lambda d: titles.get(d) or d, lang)
    if len(docs) < len(documents):
        st.sidebar.caption(t("ui.documents_capped", lang, n=len(docs), total=len(documents)))
    years = choices.years
    year_from = year_to = None
    if years and years[0] < years[1]:
        st.session_state["w_years"] = filters.clamp_years(st.session_state.get("w_years", (None, None)), years)
        year_from, year_to = st.sidebar.slider(t("ui.years", lang), years[0], years[1], key="w_years")
        # The full range is "no year filter", which keeps undated claims visible.
        year_from, year_to = (None if year_from == years[0] else year_from), (None if year_to == years[1]
                                                                               else year_to)
    search = st.sidebar.text_input(t("ui.search", lang), key="w_search")
    return filters.Filters(**picked, year_from=year_from, year_to=year_to, search=search)


def uploader(lang: str) -> None:
    with st.sidebar.expander(t("ui.upload", lang)):
        files = st.file_uploader(t("ui.upload", lang), type=[s.lstrip(".") for s in data.UPLOAD_SUFFIXES],
                                 accept_multiple_files=True, label_visibility="collapsed",
                                 help=t("ui.upload_help", lang, mb=data.MAX_UPLOAD_BYTES // 2**20,
                                        n=data.MAX_UPLOAD_FILES))
        seen: set[str] = st.session_state.setdefault("uploads_seen", set())
        new = [f for f in files or [] if f.file_id not in seen]
        if new:
            bar = st.progress(0.0)

            def progress(done: int, total: int) -> None:
                bar.progress(done / total, text=t("ui.uploading", lang, done=done, total=total))

            added = data.load_uploads([(f.name, f.getvalue()) for f in new], progress=progress)
            seen.update(f.file_id for f in new)
            previous = st.session_state.get("upload_dataset")
            st.session_state["upload_dataset"] = previous.merged(added) if previous is not None else added
            st.session_state["upload_errors"] = added.failures
            st.success(t("ui.uploaded", lang, n=len(added.documents)))
        for _, reason in st.session_state.get("upload_errors", []):
            st.error(reason)


def downloads(chart, rows: pd.DataFrame, name: str, lang: str, fonts_missing: str | None) -> None:
    """Chart and data out, from exactly the rows the chart was drawn from; built only when clicked."""
    cols = st.columns(6)
    for col, fmt in zip(cols, export.CHART_FORMATS, strict=False):
        col.download_button(t(f"ui.download_{fmt}", lang), lambda fmt=fmt: export.chart_bytes(chart.to_dict(), fmt),
                            file_name=f"{name}.{fmt}", mime=export.MIME[fmt], key=f"dl_{name}_{fmt}",
                            disabled=fmt in ("png", "svg") and fonts_missing is not None,
                            help=fonts_missing if fmt in ("png", "svg") else None)
    for col, fmt in zip(cols[4:], ("csv", "parquet"), strict=True):
        col.download_button(t(f"ui.download_{fmt}", lang), lambda fmt=fmt: export.table_bytes(rows, fmt),
                            file_name=f"{name}.{fmt}", mime=export.MIME[fmt], key=f"dl_{name}_{fmt}")


def show_chart(view: str, claims: pd.DataFrame, state: ViewState, lang: str):
    """The chart of a view and the rows behind it, or None with a message when there is nothing to draw."""
    if view == "trends":
        rows = charts.trend_rows(claims)
        if not state.filters.indicators:
            st.info(t("ui.choose_indicator", lang))
            return None, rows
        chart = charts.trend_chart(rows, lang, state.color_by) if len(rows) else None
    elif view == "compare":
        rows = charts.compare_rows(claims, state.compare)
        chart = charts.compare_chart(rows, state.compare, lang) if len(rows) else None
    else:
        rows = charts.rank_rows(claims)
        chart = charts.rank_chart(rows, lang) if len(rows) else None
    if chart is None:
        st.info(t("ui.no_ranks" if view == "rankings" else "ui.no_data", lang))
    else:
        # The builders' specs are validated against the Vega-Lite schema by the tests; on every click
        # that validation would cost more than drawing.
        st.vega_lite_chart(chart.to_dict(validate=False), width="stretch")
    return chart, rows


def shown_of(claims: pd.DataFrame, total: int, lang: str) -> None:
    if total > len(claims):
        st.caption(t("ui.shown_of", lang, shown=f"{len(claims):,}", n=f"{total:,}"))


def trends_tab(source: Source, state: ViewState, lang: str, fonts_missing: str | None) -> None:
    # Streamlit forgets a widget's value while its tab is not drawn: the URL remembers it.
    st.session_state.setdefault("color_by", state.color_by)
    state.color_by = st.radio(t("ui.color_by", lang), COLOR_BY, key="color_by", horizontal=True,
                              format_func=lambda c: code_label("color_by", c, lang))
    if not state.filters.indicators:
        st.info(t("ui.choose_indicator", lang))
        return
    total = source.count(state.filters)
    claims, summarized = source.trend_claims(state.filters, total, state.color_by, lang)
    if summarized:
        st.caption(t("ui.summary_note", lang, n=f"{total:,}", series=charts.MAX_SERIES))
    chart, drawn = show_chart("trends", claims, state, lang)
    if chart is not None:
        downloads(chart, drawn, "trends", lang, fonts_missing)


def compare_tab(claims: pd.DataFrame, total: int, state: ViewState, lang: str, fonts_missing: str | None) -> None:
    shown_of(claims, total, lang)
    choices = filters.indicator_options(claims[claims["kind"] != "rank"])
    if not choices:
        st.info(t("ui.no_data", lang))
        return
    if st.session_state.get("compare") not in choices:
        st.session_state["compare"] = state.compare if state.compare in choices else choices[0]
    state.compare = st.selectbox(t("ui.compare_indicator", lang), choices, key="compare",
                                 format_func=lambda k: indicator_label(k, lang))
    chart, rows = show_chart("compare", claims, state, lang)
    if chart is None:
        return
    downloads(chart, rows, "compare", lang, fonts_missing)
    found = conflicts.find_conflicts(rows)
    st.subheader(t("ui.conflicts", lang))
    if found.empty:
        st.success(t("ui.no_conflicts", lang))
        return
    st.warning(t("ui.conflict_count", lang, n=found["conflict"].nunique()))
    shown = tables.claims_display(found, lang)
    shown.insert(0, t("chart.conflict", lang), found["conflict"])
    st.dataframe(shown, hide_index=True, key="conflicts_table")


def rankings_tab(claims: pd.DataFrame, total: int, state: ViewState, lang: str, fonts_missing: str | None) -> None:
    shown_of(claims, total, lang)
    chart, rows = show_chart("rankings", claims, state, lang)
    if chart is not None:
        downloads(chart, rows, "rankings", lang, fonts_missing)


def claims_tab(claims: pd.DataFrame, total: int, dataset: data.Dataset, lang: str) -> None:
    st.caption(t("ui.claims_count", lang, n=len(claims), d=claims["doc_id"].nunique()))
    shown_of(claims, total, lang)
    cols = st.columns(6)
    for col, fmt in zip(cols, ("csv", "parquet"), strict=False):
        col.download_button(t(f"ui.download_{fmt}", lang), lambda fmt=fmt: export.table_bytes(claims, fmt),
                            file_name=f"claims.{fmt}", mime=export.MIME[fmt], key=f"dl_claims_{fmt}")
    event = st.dataframe(tables.claims_display(claims, lang), hide_index=True, on_select="rerun",
                         selection_mode="single-row", key="claims_table")
    if claims.empty:
        return
    st.caption(t("ui.choose_claim", lang))
    selected_rows = event.selection.rows if event is not None else []
    claim = claims.iloc[selected_rows[0] if selected_rows else 0]
    document_view(claim, dataset, lang)


def document_view(claim: pd.Series, dataset: data.Dataset, lang: str) -> None:
    docs = dataset.documents[dataset.documents["doc_id"] == claim["doc_id"]]
    text = docs["text"].iloc[0] if len(docs) else ""
    st.markdown(f"**{format_claim(claim['value'], claim['unit'], claim['qualifier'], lang, claim['value_max'])}**"
                f" · {indicator_label(claim['indicator'], lang)}")
    st.caption(f"{claim['title']} · {claim['published']} · {claim['source']}")
    if not isinstance(text, str) or not text:
        st.info(t("ui.no_text", lang))
        st.write(claim["sentence"])
        return
    same_doc = dataset.claims[dataset.claims["doc_id"] == claim["doc_id"]]
    rows = [{"start": r.start, "end": r.end, "status": r.status,
             "note": f"{indicator_label(r.indicator, lang)}: {format_claim(r.value, r.unit, r.qualifier, lang)}"}
            for r in same_doc.itertuples()]
    selected = [i for i, r in enumerate(same_doc.itertuples()) if r.start == claim["start"]]
    spans = highlight.spans_from_claims(rows, selected[0] if selected else None)
    # highlight() escapes every character of the document before adding <mark>; st.html renders
    # that markup as is (no Markdown pass that would turn a redaction's * into italics).
    st.html(highlight.excerpt(text, spans, int(claim["start"]), int(claim["end"])))
    with st.expander(t("ui.full_text", lang), expanded=True):
        st.html(highlight.highlight(text, spans))


def documents_tab(source: Source, lang: str) -> None:
    st.dataframe(tables.documents_display(source.documents, lang), hide_index=True, key="documents_table")
    if source.failures:
        st.subheader(t("ui.failed_files", lang))
        for _, reason in source.failures:
            st.error(reason)


def embedded_view(source: Source, state: ViewState) -> None:
    """?embed=true: the chart of the linked view and nothing else."""
    if not state.indicators_given:
        default = source.choices.default_indicator
        state.filters.indicators = [default] if default else []
    view = state.view if state.view in CHART_VIEWS else "trends"
    if view == "trends":
        claims, _ = source.trend_claims(state.filters, source.count(state.filters), state.color_by, state.lang)
    else:
        claims = source.claims(state.filters)
    if view == "compare" and not state.compare:
        state.compare = (filters.indicator_options(claims) or [""])[0]
    show_chart(view, claims, state, state.lang)


def main() -> None:
    st.set_page_config(page_title="zhibiao 指标", page_icon="📈", layout="wide")
    state = ViewState.from_query({k: st.query_params[k] for k in st.query_params})
    launched = data.launch_paths(sys.argv, os.environ, __file__)
    # A claims store (zhibiao ingest) is queried in SQL; anything else is extracted into memory.
    in_store = len(launched) == 1 and store_source.is_store(launched[0])
    source: Source = open_store(launched[0]) if in_store else MemorySource(session_dataset())
    if st.context.is_embedded:
        embedded_view(source, state)
        return
    init_widgets(state, source.choices)
    state.lang = "en" if st.sidebar.toggle("English", key="lang_en") else "zh"
    lang = state.lang
    state.filters = sidebar(source.choices, source.documents, lang)
    if not in_store:  # uploads join the in-memory dataset; a store grows with `zhibiao ingest`
        uploader(lang)

    st.title(t("ui.app_title", lang))
    origin = ", ".join(launched) or t("ui.bundled", lang)
    st.caption(t("ui.dataset", lang, source=origin) + " · "
               + t("ui.claims_count", lang, n=f"{source.size:,}", d=f"{len(source.documents):,}") + " · "
               + t("ui.link_hint", lang))
    labels = {v: t(f"ui.tab_{'documents_compare' if v == 'compare' else v}", lang) for v in VIEWS}
    by_label = {label: view for view, label in labels.items()}
    # Streamlit counts a tab bar's default in its identity: a default that followed each click would make
    # every other click start a new tab bar and be lost. It is set once per tab bar (one per language).
    if st.session_state.get("tabs_key") != f"tabs_{lang}":
        st.session_state.update(tabs_key=f"tabs_{lang}", tabs_default=state.view)
    tabs = st.tabs(list(labels.values()), default=labels[st.session_state["tabs_default"]], key=f"tabs_{lang}",
                   on_change="rerun")
    state.view = by_label.get(st.session_state.get(f"tabs_{lang}"), state.view)
    fonts_missing = font_problem()
    if fonts_missing:
        st.sidebar.warning(fonts_missing)
    claims = functools.cache(lambda: source.claims(state.filters))  # only the pages of single claims query them
    pages = {
        "trends": lambda: trends_tab(source, state, lang, fonts_missing),
        "compare": lambda: compare_tab(claims(), source.count(state.filters), state, lang, fonts_missing),
        "rankings": lambda: rankings_tab(claims(), source.count(state.filters), state, lang, fonts_missing),
        "claims": lambda: claims_tab(claims(), source.count(state.filters), source.dataset(claims()), lang),
        "documents": lambda: documents_tab(source, lang),
    }
    # Only the open tab is drawn: a million-claim store cannot afford five pages per click.
    for tab, view in zip(tabs, labels, strict=True):
        if tab.open:
            with tab:
                pages[view]()
    st.query_params.from_dict(state.to_query())


main()
