"""``defnews report [DATA] -o report.html``: one static page of what was collected and repaired.

The page needs no server and fetches nothing: the plot is inline SVG (matplotlib),
the style and the repair filter are inline in the page (template
``defnews/templates/report.html.j2``, Jinja2 with autoescaping).

- **Sources:** articles over time (cumulative, by ``datePublished``) per source, and
  each source's health figures from its last run summary (``summary-<spider>-<run-id>.json``
  in DATA; the last run is the greatest run id, which is a UTC timestamp).
- **Repairs:** every paragraph that repeat repair changed, before and after, the removed
  text highlighted.  "Before" is rebuilt by replaying ``cleaning.edits`` backwards
  (:func:`unapply_edits`); a filter shows one kind of repair at a time.
- **Articles:** headline (linked), date as the source wrote it, source, typed links.

DATA is a data directory (``data``: reads ``DATA/articles/*.jsonl``; ``data/demo``:
reads ``DATA/*.jsonl``).  A line that cannot be read is counted on the page and on
stderr, never silently skipped.  Exit status: 0 page written, 1 page written but some
lines could not be read, 2 usage error (no article file in DATA, unwritable output).
"""
from __future__ import annotations

import argparse
import io
import os
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson

from cleaning.article import REPAIR_STEP
from cleaning.records import BadLine, iter_lines
from defnews.export import atomic_path
from defnews.paths import output_problem
from defnews.loaders import RecordError, load_record

PROG = "defnews report"
#: At most this many repaired paragraphs are drawn (the count of the rest is shown).
MAX_REPAIRS = 300


class ReplayError(ValueError):
    """Edits that do not replay on the stored text (overlapping, or not matching their offsets)."""


# --- repairs: replaying the edit log backwards ---------------------------------------------------


@dataclass(frozen=True)
class Segment:
    """A run of the pre-repair text: kept (``kind`` None) or removed by a repair of ``kind``."""

    text: str
    kind: str | None = None


def unapply_edits(after: str, edits: Iterable[Mapping[str, Any]]) -> list[Segment]:
    """Rebuild the text before repair from the text after it and the edits that made it.

    Each edit deleted ``before[start:end:step]`` (``== removed``) from the text the
    repair saw (contract v3, ``cleaning.edits``; step 1 is contiguous, fake bold uses 2),
    or, with ``spans`` ``[a0, b0, …]``, each ``before[start+a:start+b:step]``.  With
    ``lags``, a piece with a lag > 0 is a copy of ``before`` that many characters
    back, and ``removed`` holds only the pieces with lag 0.  Step 0 is fake bold as
    pairs: in each piece every kept character other than whitespace is followed by
    its deleted copy.
    Returns ``before`` as segments; ``"".join(s.text for s in segments) == before`` and
    the kept segments join to ``after``.

    >>> [(s.text, s.kind) for s in unapply_edits("abc", [{"start": 3, "end": 6, "step": 1, "removed": "abc", "kind": "run_doubling"}])]
    [('abc', None), ('abc', 'run_doubling')]
    >>> "".join(s.text for s in unapply_edits("Statement", [{"start": 1, "end": 18, "step": 2, "removed": "Statement", "kind": "char_doubling"}]))
    'SSttaatteemmeenntt'
    >>> "".join(s.text for s in unapply_edits("Statement", [{"start": 1, "end": 18, "step": 2, "removed": "", "kind": "char_doubling", "lags": [1]}]))
    'SSttaatteemmeenntt'
    >>> "".join(s.text for s in unapply_edits("The Min", [{"start": 0, "end": 13, "step": 0, "removed": "", "kind": "char_doubling", "lags": [1]}]))
    'TThhee MMiinn'

    Raises :class:`ReplayError` if two edits remove the same position, an edit's
    ``removed`` does not have the length its literal pieces have, a lag reaches
    before the text, a pairs piece does not end with a copy, or an edit reaches past the text.
    """
    removed, pairs = _deletions(edits)
    segments: list[Segment] = []
    before: list[str] = []
    kept = iter(after)
    run: list[str] = []
    run_kind: str | None = None

    def emit(char: str, kind: str | None) -> None:
        nonlocal run, run_kind
        before.append(char)
        if kind != run_kind and run:
            segments.append(Segment("".join(run), run_kind))
            run = []
        run_kind = kind
        run.append(char)

    pos, piece_end, piece_kind = 0, 0, "repair"
    while True:
        if pos in pairs:
            piece_end, piece_kind = pairs.pop(pos)
        if pos in removed:
            what, kind = removed.pop(pos)
            if pos < piece_end:
                raise ReplayError(f"position {pos} is in a pairs piece and another edit")
            emit(before[pos - what] if isinstance(what, int) else what, kind)
            pos += 1
            continue
        char = next(kept, None)
        if char is None:
            break
        emit(char, None)
        pos += 1
        if pos - 1 < piece_end and not char.isspace():  # fake bold as pairs: the kept glyph's copy
            if pos >= piece_end or pos in removed:
                raise ReplayError(f"a pairs piece ending at {piece_end} does not end with a copy")
            emit(char, piece_kind)
            pos += 1
    if removed or pairs or pos < piece_end:
        raise ReplayError(f"an edit reaches past the {pos}-character text")
    if run:
        segments.append(Segment("".join(run), run_kind))
    return segments


def _deletions(edits: Iterable[Mapping[str, Any]]) -> tuple[dict[int, tuple[str | int, str]], dict[int, tuple[int, str]]]:
    """The edits as ``position -> (character, or the lag of the copy it is; kind)``, and the pairs
    pieces (step 0) as ``start -> (end, kind)``; raises :class:`ReplayError` on overlaps and bad lengths."""
    removed: dict[int, tuple[str | int, str]] = {}
    pairs: dict[int, tuple[int, str]] = {}
    for e in edits:
        start, step, spans = int(e["start"]), e.get("step"), list(e.get("spans") or [])
        step = 1 if step is None else int(step)
        # with spans [a0, b0, a1, b1, ...] the edit deleted each before[start+a:start+b:step]
        ranges = list(zip(spans[::2], spans[1::2])) if spans else [(0, int(e["end"]) - start)]
        lags = [int(x) for x in e.get("lags") or [0] * len(ranges)]
        kind = str(e.get("kind") or "repair")
        if len(lags) != len(ranges):
            raise ReplayError(f"edit {e['start']}-{e['end']} has {len(lags)} lags for {len(ranges)} pieces")
        if step == 0:
            if e.get("removed") or any(lag != 1 for lag in lags):
                raise ReplayError(f"pairs edit {e['start']}-{e['end']} stores text or a lag other than 1")
            for a, b in ranges:
                if start + a in pairs:
                    raise ReplayError(f"two pairs pieces start at {start + a}")
                pairs[start + a] = (start + b, kind)
            continue
        literal = [p for (a, b), lag in zip(ranges, lags) if not lag for p in range(start + a, start + b, step)]
        text = str(e["removed"])
        if len(literal) != len(text):
            raise ReplayError(f"edit {e['start']}-{e['end']}:{step} removes {len(text)} characters, "
                              f"its slice has {len(literal)}")
        chars: dict[int, str | int] = dict(zip(literal, text))
        for (a, b), lag in zip(ranges, lags):
            for pos in range(start + a, start + b, step):
                if pos in removed:
                    raise ReplayError(f"two edits remove position {pos}")
                if lag and pos - lag < 0:
                    raise ReplayError(f"edit {e['start']}-{e['end']} copies from before the text")
                removed[pos] = (chars[pos] if not lag else lag, kind)
    return removed, pairs


def split_lines(segments: list[Segment]) -> list[list[Segment]]:
    """Segments cut at every ``\\n`` (which stays at the end of its line's last segment)."""
    lines: list[list[Segment]] = [[]]
    for seg in segments:
        parts = seg.text.split("\n")
        for i, part in enumerate(parts):
            text = part + ("\n" if i < len(parts) - 1 else "")
            if text:
                lines[-1].append(Segment(text, seg.kind))
            if i < len(parts) - 1:
                lines.append([])
    return [line for line in lines if line]


@dataclass
class Repair:
    """One paragraph that repeat repair changed."""

    source: str
    headline: str
    url: str
    field: str
    before: list[Segment]
    after: str
    kinds: list[str]
    removed_chars: int
    # Set when "before" cannot be rebuilt (``before`` is then empty): why not.
    note: str = ""


def steps_after_repair(record: Mapping[str, Any], name: str) -> list[str]:
    """The fixes (``cleaning.fixes``) that changed field ``name`` after ``collapse_repeats``.

    The edits index the field as the steps *before* the repair left it, so the stored field is
    the repaired text only when this is empty; otherwise :func:`unapply_edits` on the stored field
    does not give the text before repair (and no function of the stored field and edits can).
    """
    names = [str(f.get("name")) for f in (record.get("cleaning") or {}).get("fixes") or [] if f.get("field") == name]
    return names[names.index(REPAIR_STEP) + 1 :] if REPAIR_STEP in names else []


def repairs_of(record: Mapping[str, Any]) -> list[Repair]:
    """The changed paragraphs of one record, field by field; raises :class:`ReplayError`."""
    by_field: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for edit in (record.get("cleaning") or {}).get("edits") or []:
        by_field[edit["field"]].append(edit)
    out = []
    for name, edits in by_field.items():
        after = record.get(name)
        if not isinstance(after, str):
            raise ReplayError(f"edits for {name!r}, which is not text")
        later = steps_after_repair(record, name)
        if later:
            # The edits index the text the repair saw; these steps then changed the repaired text (line joins
            # drop newlines, whitespace is collapsed), so the stored field is not the text the edits left and
            # rebuilding from it would misplace every highlight after the first change.  Show no "before".
            removed, _ = _deletions(edits)
            out.append(Repair(
                source=str(record.get("source") or "?"),
                headline=str(record.get("headline") or record.get("url")),
                url=str(record.get("url")),
                field=name,
                before=[],
                after=after,
                kinds=sorted({str(e.get("kind") or "repair") for e in edits}),
                removed_chars=len(removed),
                note=f"the text before repair is not shown: {', '.join(later)} changed the field after the "
                     "repair, and the stored edits index the text before that",
            ))
            continue
        for line in split_lines(unapply_edits(after, edits)):
            kinds = sorted({s.kind for s in line if s.kind})
            if not kinds:
                continue
            out.append(Repair(
                source=str(record.get("source") or "?"),
                headline=str(record.get("headline") or record.get("url")),
                url=str(record.get("url")),
                field=name,
                before=[Segment(s.text.rstrip("\n"), s.kind) for s in line if s.text.rstrip("\n")],
                after="".join(s.text for s in line if s.kind is None).rstrip("\n"),
                kinds=kinds,
                removed_chars=sum(len(s.text) for s in line if s.kind),
            ))
    return out


# --- reading a data directory ------------------------------------------------------------------------


@dataclass
class Data:
    records: list[dict[str, Any]] = field(default_factory=list)
    bad_lines: list[str] = field(default_factory=list)
    summaries: dict[str, dict[str, Any]] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)


def article_files(data_dir: Path) -> list[Path]:
    """``DATA/articles/*.jsonl`` if that directory exists, else ``DATA/*.jsonl`` (no rejects files)."""
    base = data_dir / "articles" if (data_dir / "articles").is_dir() else data_dir
    return sorted(p for p in base.glob("*.jsonl") if not p.name.endswith(".rejects.jsonl"))


def last_summaries(data_dir: Path, problems: list[str] | None = None) -> dict[str, dict[str, Any]]:
    """``{spider: summary}`` of each spider's last run in ``data_dir``: the summary with the
    greatest ``run_id`` (a UTC timestamp such as ``20261125T193000Z``) among the
    ``summary-*.json`` files that name a ``spider``.  A summary that cannot be read is
    reported in ``problems``."""
    latest: dict[str, tuple[str, dict[str, Any]]] = {}
    for path in sorted(data_dir.glob("summary-*.json")):
        try:
            summary = orjson.loads(path.read_bytes())
        except (OSError, orjson.JSONDecodeError) as e:
            if problems is not None:
                problems.append(f"{path.name}: cannot read the run summary: {e}")
            continue
        if not isinstance(summary, dict) or not isinstance(summary.get("spider"), str):
            continue  # e.g. summary-all-<run-id>.json, the aggregate of a crawl --all
        rid = str(summary.get("run_id") or "")
        if rid >= latest.get(summary["spider"], ("", {}))[0]:
            latest[summary["spider"]] = (rid, summary)
    return {spider: summary for spider, (_, summary) in sorted(latest.items())}


def read_data(data_dir: Path) -> Data:
    data = Data(files=article_files(data_dir))
    data.summaries = last_summaries(data_dir, data.bad_lines)
    for path in data.files:
        for number, raw in iter_lines(str(path)):
            try:
                data.records.append(load_record(raw))
            except (BadLine, RecordError) as e:
                data.bad_lines.append(f"{path.name}:{number}: {e}")
    return data


# --- the page ----------------------------------------------------------------------------------------


def _instant(record: Mapping[str, Any]) -> datetime | None:
    value = record.get("datePublished")
    return datetime.fromisoformat(value) if isinstance(value, str) else None


def _newest_first(record: Mapping[str, Any]) -> tuple[bool, float, str]:
    when = _instant(record)
    return when is None, -when.timestamp() if when else 0.0, str(record.get("url"))


def shown_date(record: Mapping[str, Any]) -> str:
    """The publication date as the source's clock showed it; the day only for day precision."""
    when = _instant(record)
    if when is None:
        return "undated"
    if record.get("datePublishedPrecision") == "day":
        return when.date().isoformat()
    offset = when.strftime("%z")  # +0900; shown as the record writes it, +09:00
    return when.strftime("%Y-%m-%d %H:%M ") + offset[:3] + ":" + offset[3:]


#: Colours of the sources in the plot and the tables (matplotlib's tab10).
PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f")


def source_colours(sources: Iterable[str]) -> dict[str, str]:
    return {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(sorted(set(sources)))}


def health_columns() -> tuple[tuple[str, str], ...]:
    """The run summary's counters, ``(key, column title)``, as the crawl's own table shows them."""
    from crawler.runner import COUNTERS  # imported here: it loads Scrapy, which most reports never need

    return COUNTERS


def timeline_svg(records: list[dict[str, Any]], colours: Mapping[str, str]) -> str:
    """Cumulative articles by publication date, one step line per source, as inline SVG text."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    dates: dict[str, list[datetime]] = defaultdict(list)
    for r in records:
        if (when := _instant(r)) is not None:
            dates[str(r.get("source"))].append(when)
    plt.rcParams.update({"svg.fonttype": "none", "font.size": 10, "svg.hashsalt": "defnews"})
    fig, ax = plt.subplots(figsize=(9, 3.2), layout="constrained")
    for name in sorted(dates):
        xs = sorted(dates[name])
        ax.step(xs, range(1, len(xs) + 1), where="post", label=f"{name} ({len(xs)})",
                color=colours[name], linewidth=2.5)
        ax.plot(xs[-1:], [len(xs)], "o", color=colours[name])
    ax.set_ylabel("articles (cumulative)")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))  # counts: no 1.5 articles
    ax.set_xlabel("date published")
    ax.grid(True, alpha=0.3)
    ax.spines[["top", "right"]].set_visible(False)
    if dates:
        ax.legend(loc="upper left", frameon=False)
    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None})
    plt.close(fig)
    svg = buf.getvalue()
    return svg[svg.index("<svg"):]


def health_rows(summaries: Mapping[str, Mapping[str, Any]], counts: Counter[str]) -> list[dict[str, Any]]:
    names = sorted(set(summaries) | set(counts))
    rows = []
    for name in names:
        s = summaries.get(name, {})
        rows.append({
            "source": name,
            "in_files": counts.get(name, 0),
            "run": s.get("run_id", "—"),
            "finish": s.get("finish_reason", "—"),
            "figures": [s.get(key, "—") for key, _ in health_columns()],
            "errors": ", ".join(f"{k}={v}" for k, v in (s.get("errors") or {}).items()) or "none",
        })
    return rows


def render(data: Data, title: str) -> str:
    """The report page as HTML text."""
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(loader=PackageLoader("defnews", "templates"), autoescape=select_autoescape(["j2", "html"]),
                      trim_blocks=True, lstrip_blocks=True)
    counts = Counter(str(r.get("source")) for r in data.records)
    colours = source_colours([*counts, *data.summaries])
    repairs: list[Repair] = []
    for r in data.records:
        try:
            repairs += repairs_of(r)
        except ReplayError as e:
            data.bad_lines.append(f"{r.get('url')}: the repair log does not replay: {e}")
    kinds = Counter(k for rep in repairs for k in rep.kinds)
    articles = sorted(data.records, key=_newest_first)
    return env.get_template("report.html.j2").render(
        title=title,
        files=[str(p) for p in data.files],
        total=len(data.records),
        health_titles=[t for _, t in health_columns()],
        health=health_rows(data.summaries, counts),
        colours=colours,
        timeline=timeline_svg(data.records, colours),
        repairs=repairs[:MAX_REPAIRS],
        repairs_hidden=max(0, len(repairs) - MAX_REPAIRS),
        repaired_articles=len({rep.url for rep in repairs}),
        kinds=sorted(kinds.items()),
        articles=[{"date": shown_date(r), **r} for r in articles],
        bad_lines=data.bad_lines,
    )


def cmd_report(args: argparse.Namespace) -> int:
    """Run ``defnews report``; returns the exit status."""
    data_dir: Path = args.data
    if not data_dir.is_dir():
        print(f"{PROG}: {data_dir} is not a directory", file=sys.stderr)
        return 2
    data = read_data(data_dir)
    if not data.files:
        print(f"{PROG}: no article file (*.jsonl) in {data_dir} or {data_dir / 'articles'}", file=sys.stderr)
        return 2
    # The directory's name, not its absolute path: the page may be shared.
    page = render(data, f"defnews report: {Path(data_dir).resolve().name}")
    output = args.output or str(data_dir / "report.html")
    if output == "-":
        # As `defnews export -o -`: the page is written to a temporary file, then renamed.
        print(f"{PROG}: error: -o needs a file: the page is written to a temporary file, then renamed",
              file=sys.stderr)
        return 2
    if os.path.isdir(output):
        print(f"{PROG}: error: output {output!r} is a directory", file=sys.stderr)
        return 2
    if problem := output_problem(output, [str(f) for f in data.files]):
        print(f"{PROG}: error: {problem}", file=sys.stderr)
        return 2
    try:
        with atomic_path(output) as tmp:
            Path(tmp).write_text(page, "utf-8")
    except OSError as e:
        print(f"{PROG}: cannot write {output!r}: {e.strerror or e}", file=sys.stderr)
        return 2
    for line in data.bad_lines:
        print(f"{PROG}: unreadable: {line}", file=sys.stderr)
    print(f"report: {Path(output).resolve()}")
    return 1 if data.bad_lines else 0


def register(sub: Any) -> None:
    """Add ``defnews report`` to the ``defnews`` subparsers."""
    report = sub.add_parser(
        "report", help="write a static HTML report of the stored articles and their repairs",
        description="One self-contained HTML page: articles over time and run health per source, "
        "every repaired paragraph before and after, and the articles with their links.")
    report.add_argument("data", nargs="?", type=Path, default=Path("data"),
                        help="data directory (default: data; e.g. data/demo)")
    report.add_argument("-o", "--output", metavar="FILE", help="output page (default: DATA/report.html)")
    report.set_defaults(func=cmd_report)
