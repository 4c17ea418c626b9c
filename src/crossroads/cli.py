"""The ``crossroads`` command: a thin shell over the library. Only this module prints."""

from __future__ import annotations

import datetime as dt
import json
import logging
import sys
from pathlib import Path

import click

from . import __version__
from .errors import CrossroadsError
from .records import UNNAMED
from .settings import Settings, load_settings

__all__ = ["main", "cli"]


class Context:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def open_store(self):
        from .store import open_store

        return open_store(self.settings.db_path)


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(f"{value!r} is not a date in YYYY-MM-DD form") from exc


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="crossroads")
@click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Store file (default ./crossroads.duckdb, or $CROSSROADS_DB).",
)
@click.option("-v", "--verbose", is_flag=True, help="Log what happens to stderr.")
@click.pass_context
def cli(ctx: click.Context, db: Path | None, verbose: bool) -> None:
    """Crossroads: events, figures and claims on great-power competition over Central Asia.

    Example: crossroads ingest articles/ && crossroads summary
    """
    logging.basicConfig(
        level=logging.INFO if verbose else logging.ERROR,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    try:
        settings = load_settings().with_overrides(db_path=db)
    except CrossroadsError as exc:
        raise click.ClickException(str(exc)) from exc
    ctx.obj = Context(settings)


def _ingest(obj: Context, paths: list[str], published: dt.date | None, max_bytes: int | None, quiet: bool):
    from .ingest import expand_paths
    from .runner import IngestReport, ingest_paths

    limit = max_bytes or obj.settings.max_input_bytes
    files = expand_paths(paths)
    total = IngestReport()
    show = sys.stderr.isatty() and not quiet and len(files) > 1
    with obj.open_store() as store:
        with (
            click.progressbar(files, label="ingesting", file=sys.stderr, show_pos=True)
            if show
            else _plain(files) as bar
        ):
            for path in bar:
                report = ingest_paths(store, [path], max_bytes=limit, published=published, fusion=False)
                total.stored += report.stored
                total.duplicates += report.duplicates
                total.failures += report.failures
                total.article_ids += report.article_ids
        if total.article_ids:
            from .analysis.fusion import fuse

            fuse(store, article_ids=total.article_ids)
    for source, cause in total.failures:
        click.echo(f"error: {source}: {cause}", err=True)
    return total


class _plain:
    def __init__(self, items):
        self.items = items

    def __enter__(self):
        return self.items

    def __exit__(self, *exc):
        return False


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--published", callback=_date, help="Publication date for inputs that lack one.")
@click.option(
    "--max-bytes",
    type=click.IntRange(min=1),
    default=None,
    help="Largest input accepted, in bytes (default 20 MB).",
)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.pass_obj
def ingest(obj: Context, paths: tuple[str, ...], published, max_bytes, fmt: str) -> None:
    """Store articles from files, folders (recursively) or - (stdin), with their records.

    Takes .txt, .md, .html/.htm, .json (one article) and .jsonl (one per line).
    Exit code: 0 all stored or skipped, 1 some failed, 2 nearly all failed.

    Example: crossroads ingest ../shared/seeds --published 2024-01-15
    """
    try:
        report = _ingest(obj, list(paths), published, max_bytes, quiet=fmt == "json")
    except CrossroadsError as exc:
        raise click.ClickException(str(exc)) from exc
    if fmt == "json":
        click.echo(json.dumps(report.to_dict(), indent=2))
    else:
        click.echo(
            f"stored {report.stored}, skipped {report.duplicates} as duplicates, failed {report.failed}"
        )
    sys.exit(report.exit_code)


def _runtime_env(ctx: click.Context, param: click.Parameter, value: str | None) -> dict | None:
    if value is None:
        return None
    try:
        text = Path(value).read_text(encoding="utf-8") if value.endswith(".json") else value
        env = json.loads(text)
    except (OSError, json.JSONDecodeError) as exc:
        raise click.BadParameter(f"{value!r} is neither JSON nor a readable .json file: {exc}") from exc
    if not isinstance(env, dict):
        raise click.BadParameter(f"{value!r} is not a JSON object")
    return env


@cli.command()
@click.argument("source")
@click.argument("output")
@click.option("--engine", type=click.Choice(["local", "ray"]), default="local", show_default=True)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="Processes (local engine, default 1) or Ray workers (default: the cluster's CPUs).",
)
@click.option(
    "--address", help="The Ray cluster to run on, e.g. ray://head:10001 (default: Ray starts locally)."
)
@click.option(
    "--runtime-env",
    callback=_runtime_env,
    help='Ray runtime environment, JSON or a .json file, e.g. \'{"pip": ["crossroads==0.1.0"]}\'.',
)
@click.option(
    "--chunk-bytes",
    type=click.IntRange(min=1),
    default=2_000_000,
    show_default=True,
    help="Text per chunk: the unit of work and of output part files.",
)
@click.option("--overwrite", is_flag=True, help="Replace an earlier result in OUTPUT.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.pass_obj
def batch(
    obj: Context,
    source: str,
    output: str,
    engine: str,
    workers: int | None,
    address: str | None,
    runtime_env: dict | None,
    chunk_bytes: int,
    overwrite: bool,
    fmt: str,
) -> None:
    """Extract a large corpus into Parquet, on this machine or on Ray, without the store.

    SOURCE is a .jsonl or .parquet file, or a folder of them, local or a URI (s3://, gs://, ...);
    OUTPUT gets one Parquet dataset per record type (articles/, events/, figures/, claims/,
    errors/). Bring it into the store with `crossroads load OUTPUT`.
    Exit code: 0 all extracted, 1 some rows failed, 2 nearly all failed.

    Example: crossroads batch corpus.jsonl out/ --engine ray --workers 8
    """
    from .batch import run_batch

    def show(result) -> None:
        click.echo(f"chunk {result.key}: {result.articles} articles, {result.failed} failed", err=True)

    try:
        report = run_batch(
            source,
            output,
            engine=engine,
            max_bytes=obj.settings.max_input_bytes,
            workers=workers,
            chunk_bytes=chunk_bytes,
            overwrite=overwrite,
            address=address,
            runtime_env=runtime_env,
            progress=show if fmt == "text" and sys.stderr.isatty() else None,
        )
    except CrossroadsError as exc:
        raise click.ClickException(str(exc)) from exc
    if fmt == "json":
        click.echo(json.dumps(report.to_dict(), indent=2))
        sys.exit(report.exit_code)
    for source_, cause in report.failures:
        click.echo(f"error: {source_}: {cause}", err=True)
    if report.failed > len(report.failures):
        click.echo(f"... {report.failed - len(report.failures)} more in {output}/errors/", err=True)
    click.echo(
        f"extracted {report.articles} articles ({report.events} events, {report.figures} figures, "
        f"{report.claims} claims) in {report.chunks} chunks on {report.engine} with {report.workers} "
        f"workers, {report.articles_per_s:.1f} articles/s; failed {report.failed}"
    )
    sys.exit(report.exit_code)


@cli.command()
@click.argument("output")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.pass_obj
def load(obj: Context, output: str, fmt: str) -> None:
    """Bring a `crossroads batch` result into the store (each chunk in one transaction, articles
    already stored skipped) and fuse the new events into canonical events.

    Example: crossroads load out/ && crossroads summary
    """
    from .batch import load_output

    try:
        with obj.open_store() as store:
            report = load_output(store, output)
    except CrossroadsError as exc:
        raise click.ClickException(str(exc)) from exc
    if fmt == "json":
        click.echo(json.dumps(report.to_dict(), indent=2))
        sys.exit(report.exit_code)
    for key, cause in report.failures:
        click.echo(f"error: chunk {key}: {cause}", err=True)
    click.echo(
        f"stored {report.stored} articles ({report.events} events, {report.figures} figures, "
        f"{report.claims} claims), skipped {report.duplicates} already stored; "
        f"{report.canonical_events} canonical events after fusion"
    )
    sys.exit(report.exit_code)


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["json", "jsonl"]), default="json")
@click.option("--published", callback=_date, help="Publication date for inputs that lack one.")
@click.pass_obj
def extract(obj: Context, paths: tuple[str, ...], fmt: str, published) -> None:
    """Print what the pipeline extracts from each document, without storing it.

    Field names follow the gold format (events, figures, claims, evidence).

    Example: crossroads extract ../shared/seeds/000_ae9e9ac367012341.txt --published 2023-12-01
    """
    from .extract import extract_article
    from .ingest import read_paths

    results, failed = [], 0
    try:
        for item in read_paths(paths, max_bytes=obj.settings.max_input_bytes, published=published):
            if isinstance(item, CrossroadsError):
                click.echo(f"error: {item}", err=True)
                failed += 1
                continue
            data = extract_article(item).to_dict()
            if fmt == "jsonl":
                click.echo(json.dumps(data, ensure_ascii=False))
            else:
                results.append(data)
    except CrossroadsError as exc:
        raise click.ClickException(str(exc)) from exc
    if fmt == "json":
        click.echo(json.dumps(results[0] if len(results) == 1 else results, indent=2, ensure_ascii=False))
    sys.exit(1 if failed else 0)


@cli.command(name="eval")
@click.argument("gold_dir", required=False, type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("--per-doc", is_flag=True, help="Also print each document's scores.")
@click.option("--fusion", is_flag=True, help="Score cross-article fusion against the gold event_key labels.")
@click.option("--gate", is_flag=True, help="Check every set in the floors file against its floors.")
@click.option(
    "--floors",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("quality/floors.json"),
    show_default=True,
    help="The floors file used by --gate.",
)
@click.option("--raise-floors", is_flag=True, help="With --gate: raise floors to the measured values.")
@click.option(
    "--lower-floors",
    is_flag=True,
    help="With --gate: also LOWER floors to the measured values (an explicit, reviewed step).",
)
@click.pass_obj
def eval_cmd(
    obj: Context,
    gold_dir: Path | None,
    as_json: bool,
    per_doc: bool,
    fusion: bool,
    gate: bool,
    floors: Path,
    raise_floors: bool,
    lower_floors: bool,
) -> None:
    """Score the extractor on a folder of gold files (shared/gold/FORMAT.md), or check the quality
    gate (--gate) on every set pinned in quality/floors.json.

    Example: crossroads eval ../shared/gold --json
    """
    from .evaluate.run import evaluate_folder, format_scores

    if gate:
        _gate(floors, raise_floors or lower_floors, lower_floors)
        return
    if gold_dir is None:
        raise click.UsageError("give a GOLD_DIR, or --gate")
    if fusion:
        from .evaluate.fusion import evaluate_fusion

        try:
            results = evaluate_fusion(gold_dir)
        except CrossroadsError as exc:
            raise click.ClickException(str(exc)) from exc
        if as_json:
            click.echo(json.dumps({k: v.to_dict() for k, v in results.items()}, indent=2))
            return
        for name, r in results.items():
            click.echo(
                f"fusion of {name} events: pairwise precision {r.precision:.3f}, recall {r.recall:.3f} "
                f"({r.pairs_correct} of {r.pairs_predicted} merged pairs right, {r.pairs_true} true pairs; "
                f"{r.mentions} mentions in {r.clusters} clusters)"
            )
        return

    try:
        total, docs = evaluate_folder(gold_dir)
    except CrossroadsError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        data = total.to_dict()
        if per_doc:
            data["per_document"] = {name: s.to_dict() for name, s in docs}
        click.echo(json.dumps(data, indent=2))
        return
    if per_doc:
        for name, scores in docs:
            click.echo(f"# {name}")
            click.echo(format_scores(scores))
    click.echo(format_scores(total))


def _gate(floors: Path, update: bool, lower: bool) -> None:
    from .evaluate.gate import check_gate, update_floors

    try:
        results = check_gate(floors, floors.resolve().parent.parent)
    except CrossroadsError as exc:
        raise click.ClickException(str(exc)) from exc
    for r in results:
        state = "skip" if r.skipped else "ok" if r.passed else "FAIL"
        detail = r.skipped or f"{r.value:.3f} (floor {r.floor:.3f})"
        click.echo(f"{state:<5} {r.set_name:<12} {r.metric:<28} {detail}")
    if update:
        changed = update_floors(floors, results, lower=lower)
        click.echo(f"{changed} floors updated in {floors}")
        return
    failed = [r for r in results if not r.passed]
    if failed:
        click.echo(f"quality gate failed: {len(failed)} metrics below their floors", err=True)
        sys.exit(1)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.pass_obj
def summary(obj: Context, fmt: str) -> None:
    """Articles, events by type, most active outside power per state, figures, store path.

    Example: crossroads summary --format json
    """
    from .analysis import summarize

    try:
        with obj.open_store() as store:
            result = summarize(store)
    except CrossroadsError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(json.dumps(result.to_dict(), indent=2) if fmt == "json" else _summary_text(result))


def _summary_text(result) -> str:
    from .extract.knowledge import load_knowledge

    names = load_knowledge().names
    lines = [
        f"Store: {Path(result.store).resolve() if result.store != ':memory:' else result.store}",
        f"Articles: {result.articles}",
        f"Events: {result.events}",
    ]
    for type_, n in result.events_by_type.items():
        lines.append(f"  {type_:<10} {n:>5}")
    lines.append(f"Real-world events after fusion across articles: {result.canonical_events}")
    lines.append(f"Figures: {result.figures}")
    lines.append(f"Claims: {result.claims}")
    lines.append("Most active outside power (real-world events with the state):")
    for state, hit in result.most_active.items():
        label = f"{names.get(hit[0], hit[0])} ({hit[0]}), {hit[1]} events" if hit else "none yet"
        lines.append(f"  {names.get(state, state):<13} {label}")
    return "\n".join(lines)


def _event_filters(func):
    options = [
        click.option("--actor", help="Actor code on either side, e.g. CHN."),
        click.option("--counterpart", help="A second actor code that must also take part, e.g. KAZ."),
        click.option("--type", "type_", help="PLOVER type, e.g. CONSULT."),
        click.option("--context", help="Context, e.g. energy."),
        click.option("--since", help="Earliest event date, YYYY[-MM[-DD]]."),
        click.option("--until", help="Latest event date, YYYY[-MM[-DD]]."),
        click.option("--status", type=click.Choice(["occurred", "planned"])),
        click.option("--forum", help="Only summits and meetings of this organisation, e.g. SCO."),
        click.option(
            "--min-sources",
            type=click.IntRange(min=1),
            default=1,
            show_default=True,
            help="Only events reported by at least this many independent sources.",
        ),
        click.option("--format", "fmt", type=click.Choice(["text", "csv", "json"]), default="text"),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _filters(type_: str | None, **options) -> dict:
    """The event filters of `events` and `timeline`, as the library names them
    (:class:`~crossroads.records.EventFilter`)."""
    return {"type": type_, **options}


def _print_frame(frame, fmt: str, columns: list[str]) -> None:
    if fmt == "json":
        click.echo(frame.to_json(orient="records", date_format="iso", indent=2))
    elif fmt == "csv":
        click.echo(frame.to_csv(index=False), nl=False)
    else:
        for row in frame.itertuples(index=False):
            d = row._asdict()
            click.echo("  ".join(_side(d[c]) if c in SIDES else _cell(d[c]) for c in columns))
        click.echo(f"{len(frame)} rows")


SIDES = ("source_actors", "target_actors")


def _side(codes) -> str:
    """One side of an event: its actor codes, or (unnamed) for a party that names no state."""
    return _cell(codes) or UNNAMED


def _cell(value) -> str:
    if isinstance(value, (list, tuple)) or (hasattr(value, "tolist") and not isinstance(value, str)):
        return ",".join(map(str, list(value)))
    return "?" if value is None or value != value else str(value)


@cli.command()
@_event_filters
@click.option("--mentions", is_flag=True, help="List the per-article records behind each event.")
@click.pass_obj
def events(obj: Context, fmt: str, mentions: bool, **raw) -> None:
    """List canonical events (reports of one event fused across articles) with their number of
    independent sources.

    Example: crossroads events --actor CHN --counterpart KAZ --min-sources 2
    """
    from . import api

    filters = _filters(**raw)
    try:
        with obj.open_store() as store:
            frame = api.events(store, **filters)
            if mentions:
                import pandas as pd

                parts = [api.mentions(store, cid).assign(canonical_id=cid) for cid in frame["id"]]
                frame = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
    except CrossroadsError as exc:
        raise click.ClickException(str(exc)) from exc
    if mentions:
        _print_frame(
            frame,
            fmt,
            ["canonical_id", "article_id", "type", "source_actors", "target_actors", "date", "evidence"],
        )
        return
    _print_frame(
        frame, fmt, ["date", "type", "source_actors", "target_actors", "location", "status", "sources", "id"]
    )


@cli.command()
@_event_filters
@click.pass_obj
def timeline(obj: Context, fmt: str, **raw) -> None:
    """Canonical events in date order, one line each, for reading as a chronology.

    Example: crossroads timeline --actor KAZ --since 2023-01 --until 2023-12
    """
    from . import api

    filters = _filters(**raw)
    try:
        with obj.open_store() as store:
            frame = api.timeline(store, **filters)
    except CrossroadsError as exc:
        raise click.ClickException(str(exc)) from exc
    if fmt != "text":
        _print_frame(frame, fmt, [])
        return
    for row in frame.itertuples(index=False):
        who = f"{_side(row.source_actors)} -> {_side(row.target_actors)}"
        place = row.location if isinstance(row.location, str) else ""
        plural = "s" if row.sources != 1 else ""
        planned = "" if row.status == "occurred" else " (planned)"
        click.echo(
            f"{row.date or 'undated':<10}  {row.type:<9} {who:<34} {place:<18} "
            f"{row.sources} source{plural}{planned}"
        )
    click.echo(f"{len(frame)} events")


@cli.command()
@click.option("--actor", help="Actor code among the figure's parties, e.g. KAZ.")
@click.option("--indicator", help="Indicator, e.g. trade_turnover.")
@click.option("--conflicts", is_flag=True, help="List conflicting pairs side by side with their sources.")
@click.option(
    "--threshold",
    type=click.FloatRange(min=0),
    default=0.05,
    show_default=True,
    help="Relative difference above which two figures conflict.",
)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.pass_obj
def figures(
    obj: Context, actor: str | None, indicator: str | None, conflicts: bool, threshold: float, fmt: str
) -> None:
    """List stored figures, or (--conflicts) pairs that disagree, with their sources.

    Example: crossroads figures --conflicts --actor KAZ
    """
    from .analysis import find_conflicts

    try:
        with obj.open_store() as store:
            if conflicts:
                found = find_conflicts(store, threshold=threshold, actor=actor, indicator=indicator)
            else:
                rows = store.list_figure_sources(actor=actor, indicator=indicator)
    except CrossroadsError as exc:
        raise click.ClickException(str(exc)) from exc
    if conflicts:
        if fmt == "json":
            click.echo(json.dumps([c.to_dict() for c in found], indent=2, ensure_ascii=False))
            return
        for c in found:
            d = c.to_dict()
            click.echo(f"{c.indicator} {'+'.join(c.subject)}: differ by {d['difference']:.1%}")
            for side in (d["a"], d["b"]):
                click.echo(
                    f"  {side['value']:>16,.0f} {side['unit']:<8} {side['period'] or '?':<16} "
                    f"{side['source'] or side['article_id']} ({side['published'] or 'undated'}): "
                    f"{(side['evidence'] or '')[:70]}"
                )
        click.echo(f"{len(found)} conflicting pairs")
        return
    if fmt == "json":
        click.echo(
            json.dumps(
                [{"figure_id": i, **f.to_dict(), "article_id": a.id, "source": a.source} for i, f, a in rows],
                indent=2,
                ensure_ascii=False,
            )
        )
        return
    for _, f, a in rows:
        click.echo(
            f"{f.indicator:<22} {'+'.join(f.subject):<20} {f.value:>16,.1f} {f.unit:<8} "
            f"{f.period or '?':<16} {a.source or a.id}"
        )
    click.echo(f"{len(rows)} figures")


@cli.command(name="index")
@click.option("--by", type=click.Choice(["year", "quarter", "month"]), default="quarter", show_default=True)
@click.option("--state", help="A Central Asian state, e.g. KAZ.")
@click.option("--power", help="An outside power, e.g. CHN.")
@click.option("--period", help="With --explain: the period, e.g. 2023 or 2023-Q2.")
@click.option("--explain", is_flag=True, help="Decompose one row (needs --state, --power, --period).")
@click.option("--format", "fmt", type=click.Choice(["text", "csv", "json"]), default="text")
@click.pass_obj
def index_cmd(
    obj: Context, by: str, state: str | None, power: str | None, period: str | None, explain: bool, fmt: str
) -> None:
    """Engagement and influence of each outside power in each state, per period, with ranks,
    concentration (HHI) and the change from the previous period.

    Example: crossroads index --by year --state KAZ
    """
    from .analysis.index import compute_index
    from .analysis.index import explain as explain_row

    if explain and not (state and power and period):
        raise click.UsageError("--explain needs --state, --power and --period")
    try:
        with obj.open_store() as store:
            frame = compute_index(store, by=by, state=state, power=None if explain else power)
            if explain:
                click.echo(
                    json.dumps(
                        explain_row(store, frame, period=period, state=state, power=power),
                        indent=2,
                        default=str,
                    )
                )
                return
    except CrossroadsError as exc:
        raise click.ClickException(str(exc)) from exc
    if frame.empty:
        click.echo("no index rows: ingest articles first (or try --by year)")
        return
    public = frame[[c for c in frame.columns if not c.startswith("_")]]
    if fmt != "text":
        _print_frame(public, fmt, [])
        return
    for (st, per), group in public.groupby(["state", "period"], sort=True):
        click.echo(f"{st} {per}  (HHI {group['hhi'].iloc[0] if group['hhi'].notna().any() else '?'})")
        for row in group.itertuples(index=False):
            infl = (
                f"{row.influence_geo:.3f}"
                if row.influence_geo == row.influence_geo and row.influence_geo is not None
                else "  ?  "
            )
            prod = (
                f"{row.influence_prod:.3f}"
                if row.influence_prod == row.influence_prod and row.influence_prod is not None
                else "  ?  "
            )
            share = (
                f"{row.dependence:.1%}"
                if row.dependence == row.dependence and row.dependence is not None
                else "?"
            )
            trade = (
                f"${row.trade_usd / 1e9:.1f}bn" if row.trade_usd == row.trade_usd and row.trade_usd else "?"
            )
            shift = (
                f"{row.delta_influence:+.3f}"
                if row.delta_influence == row.delta_influence and row.delta_influence is not None
                else ""
            )
            click.echo(
                f"  {row.power:<5} influence {infl} (product {prod})  engagement {row.engagement:6.1f} "
                f"({row.events} events)  trade {trade:<9} share {share:<6} {shift}"
            )


@cli.group()
def reference() -> None:
    """Reference statistics: official trade and energy figures used by the index.

    Example: crossroads reference list --state KAZ
    """


@reference.command(name="list")
@click.option("--state", help="Rows reported by or about this state.")
@click.option("--format", "fmt", type=click.Choice(["text", "csv", "json"]), default="text")
@click.pass_obj
def reference_list(obj: Context, state: str | None, fmt: str) -> None:
    """List the bundled and user-loaded reference rows.

    Example: crossroads reference list --state UZB
    """
    import pandas as pd

    from .analysis.reference import reference_rows

    try:
        with obj.open_store() as store:
            rows = reference_rows(store)
    except CrossroadsError as exc:
        raise click.ClickException(str(exc)) from exc
    if state:
        rows = [r for r in rows if state.upper() in (r.reporter, r.partner)]
    frame = pd.DataFrame([r.to_dict() for r in rows])
    _print_frame(
        frame,
        fmt,
        ["reporter", "partner", "indicator", "period", "value", "unit", "statistics_of"],
    )


@reference.command(name="load")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_obj
def reference_load(obj: Context, path: Path) -> None:
    """Load newer reference rows from a CSV (columns: reporter, partner, indicator, period, value
    in base units, unit; optional: statistics_of, source_url, qualifier, detail, id).

    Example: crossroads reference load uzbekistan-2025.csv
    """
    from .analysis.reference import load_reference_csv

    try:
        with obj.open_store() as store:
            n = load_reference_csv(store, path)
    except CrossroadsError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"loaded {n} reference rows from {path}")


@cli.command()
@click.option(
    "--format", "fmt", type=click.Choice(["parquet", "csv", "jsonl"]), default="parquet", show_default=True
)
@click.option(
    "--out", type=click.Path(file_okay=False, path_type=Path), default=Path("export"), show_default=True
)
@click.pass_obj
def export(obj: Context, fmt: str, out: Path) -> None:
    """Export the whole store, one file per table (events with PLOVER field names).

    Example: crossroads export --format csv --out export/
    """
    from .export import export_store

    try:
        with obj.open_store() as store:
            written = export_store(store, out, fmt)
    except CrossroadsError as exc:
        raise click.ClickException(str(exc)) from exc
    for path, n in written:
        click.echo(f"{n:>7} rows  {path}")


@cli.command()
@click.option("--from", "since", required=True, help="First month, e.g. 2023-01.")
@click.option("--to", "until", required=True, help="Last month, e.g. 2023-12.")
@click.option("--state", help="One Central Asian state, e.g. KAZ (default: all five).")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="brief.html, brief.md or brief.pdf",
)
@click.pass_obj
def report(obj: Context, since: str, until: str, state: str | None, out: Path) -> None:
    """Write a self-contained, cited briefing: power-shift chart, key events, figures, conflicts,
    methods and the list of sources.

    Example: crossroads report --from 2023-01 --to 2023-12 --state KAZ --out brief.pdf
    """
    from .report import write_report

    try:
        with obj.open_store() as store:
            path = write_report(store, out, since=since, until=until, state=state)
    except CrossroadsError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"wrote {path}")


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option("--get", "get_path", help="Run one GET request in-process, print the response and exit.")
@click.option(
    "--no-cache",
    is_flag=True,
    help="Answer every request from the store (no response cache; for benchmarks).",
)
@click.pass_obj
def serve(obj: Context, host: str, port: int, get_path: str | None, no_cache: bool) -> None:
    """Serve the REST API (OpenAPI docs at /docs) and the dashboard. Read-only unless
    CROSSROADS_TOKEN is set. Answers are cached until the server itself writes.

    Example: crossroads serve --get /api/events?actor=CHN
    """
    import os

    from .web.api import create_app

    app = create_app(
        obj.settings.db_path,
        token=os.environ.get("CROSSROADS_TOKEN") or None,
        sources_path=obj.settings.sources_path,
        cache=not no_cache,
    )
    if get_path:
        import warnings

        warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
        from fastapi.testclient import TestClient

        with TestClient(app, raise_server_exceptions=False) as client:
            response = client.get(get_path)
        click.echo(response.text)
        sys.exit(0 if response.status_code < 400 else 1)
    import uvicorn

    # idle connections stay open longer than a busy client pool waits, so no request meets one
    # that the server is just closing
    uvicorn.run(app, host=host, port=port, log_level="warning", timeout_keep_alive=65)


@cli.command()
@click.option("--fresh", is_flag=True, help="Delete the store file first.")
@click.pass_obj
def demo(obj: Context, fresh: bool) -> None:
    """Build the demo store from the bundled corpus and print its summary.

    Running it again stores nothing twice; articles extracted by an older extractor are
    extracted again.

    Example: crossroads --db demo.duckdb demo
    """
    from .analysis import summarize
    from .demo import corpus_path
    from .extract import default_pipeline
    from .runner import reextract

    path = obj.settings.db_path
    if fresh:
        for target in (path, Path(f"{path}.wal")):
            target.unlink(missing_ok=True)
    try:
        report = _ingest(obj, [str(corpus_path())], None, None, quiet=False)
        with obj.open_store() as store:
            redone = reextract(store, only_stale=default_pipeline().version)
            result = summarize(store)
    except CrossroadsError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(
        f"Demo corpus: stored {report.stored}, skipped {report.duplicates} already "
        f"stored, failed {report.failed}; re-extracted {redone.stored}"
    )
    click.echo(_summary_text(result))
    sys.exit(report.exit_code)


@cli.command(name="reextract")
@click.option("--stale-only", is_flag=True, help="Skip articles the current extractor made.")
@click.pass_obj
def reextract_cmd(obj: Context, stale_only: bool) -> None:
    """Extract every stored article again, replacing its records in one transaction each.

    Example: crossroads reextract --stale-only
    """
    from .extract import default_pipeline
    from .runner import reextract

    try:
        with obj.open_store() as store:
            report = reextract(store, only_stale=default_pipeline().version if stale_only else None)
    except CrossroadsError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"re-extracted {report.stored}, unchanged {report.duplicates}, failed {report.failed}")
    sys.exit(report.exit_code)


def _collect_options(func):
    options = [
        click.option(
            "--source",
            "names",
            multiple=True,
            help="Only this source (repeatable); default: every enabled source.",
        ),
        click.option(
            "--sources",
            "sources_file",
            type=click.Path(exists=True, dir_okay=False, path_type=Path),
            default=None,
            help="A sources file read after the shipped one (default $CROSSROADS_SOURCES).",
        ),
        click.option(
            "--max-articles",
            type=click.IntRange(min=1),
            default=100,
            show_default=True,
            help="New articles downloaded per source and run; the rest wait for the next run.",
        ),
        click.option(
            "--delay",
            type=click.FloatRange(min=0),
            default=1.0,
            show_default=True,
            help="Seconds between two requests to one host (robots.txt Crawl-delay may ask more).",
        ),
        click.option(
            "--timeout",
            type=click.FloatRange(min=0.1),
            default=20.0,
            show_default=True,
            help="Seconds to wait for a connection or for data, per request.",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _load_sources(obj: Context, sources_file: Path | None):
    from .ingest.sources import load_sources

    return load_sources(sources_file or obj.settings.sources_path)


def _url_sources(urls: tuple[str, ...]):
    from urllib.parse import urlsplit

    from .ingest.sources import Source

    found = []
    for url in urls:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise click.BadParameter(f"{url!r} is not an http or https URL", param_hint="URL")
        found.append(Source(name=parts.netloc.lower(), url=url, kind="auto"))
    return found


def _collect(obj: Context, store, sources, *, max_articles: int, delay: float, timeout: float, echo: bool):
    from .collect import StoreRobotsCache, collect
    from .ingest.fetch import USER_AGENT, Fetcher, Policy

    policy = Policy(
        timeout=timeout,
        min_interval=delay,
        max_bytes=obj.settings.max_input_bytes,
        user_agent=obj.settings.user_agent or USER_AGENT,
    )
    with Fetcher(policy, robots_cache=StoreRobotsCache(store)) as fetcher:
        return collect(
            store,
            sources,
            fetcher=fetcher,
            max_articles=max_articles,
            progress=_print_source_report if echo else None,
        )


def _print_source_report(r) -> None:
    click.echo(
        f"{r.name}: stored {r.stored}, already collected {r.known}, unchanged {r.unchanged}, "
        f"duplicates {r.duplicates}, failed {r.failed}, blocked by robots.txt {len(r.blocked)}"
        + (f", left for the next run {r.deferred}" if r.deferred else "")
    )
    if r.error:
        click.echo(f"error: {r.name}: {r.url}: {r.error}", err=True)
    for url, cause in r.failures:
        click.echo(f"error: {r.name}: {url}: {cause}", err=True)


@cli.command()
@click.argument("urls", nargs=-1)
@_collect_options
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.pass_obj
def fetch(
    obj: Context,
    urls: tuple[str, ...],
    names: tuple[str, ...],
    sources_file: Path | None,
    max_articles: int,
    delay: float,
    timeout: float,
    fmt: str,
) -> None:
    """Download new articles from the sources' feeds, sitemaps and URL lists, or from the URLs
    given (a page, feed, sitemap or URL list each), and store them with their records.

    Incremental and polite: stored articles are not downloaded again, unchanged feeds answer
    304, robots.txt is obeyed. Exit code: 0 all fine, 1 some failed, 2 nearly all failed.

    Example: crossroads fetch --source astana-times --source eurasianet
    """
    from .ingest.sources import select_sources

    try:
        chosen = _url_sources(urls)
        if names or not urls:
            chosen = select_sources(_load_sources(obj, sources_file), names) + chosen
        with obj.open_store() as store:
            report = _collect(
                obj,
                store,
                chosen,
                max_articles=max_articles,
                delay=delay,
                timeout=timeout,
                echo=fmt == "text",
            )
    except CrossroadsError as exc:
        raise click.ClickException(str(exc)) from exc
    if fmt == "json":
        click.echo(json.dumps(report.to_dict(), indent=2))
    else:
        click.echo(
            f"stored {report.stored} articles from {len(report.sources)} sources, "
            f"failed {report.failed} ({report.requests} requests)"
        )
    sys.exit(report.exit_code)


@cli.command()
@click.option("--every", default="1h", show_default=True, help="How often to look: 30m, 1h, 1d ...")
@_collect_options
@click.option("--times", type=click.IntRange(min=1), default=None, hidden=True, help="Stop after N runs.")
@click.pass_obj
def watch(
    obj: Context,
    every: str,
    names: tuple[str, ...],
    sources_file: Path | None,
    max_articles: int,
    delay: float,
    timeout: float,
    times: int | None,
) -> None:
    """Keep the store current: every --every, fetch the sources whose own interval has passed.
    Errors are printed and the watch goes on; stop it with Ctrl-C.

    Example: crossroads watch --every 1h
    """
    from .collect import due_sources
    from .collect import watch as watch_loop
    from .ingest.sources import parse_duration, select_sources

    try:
        seconds = parse_duration(every, "--every")
    except CrossroadsError as exc:
        raise click.BadParameter(str(exc), param_hint="--every") from exc

    def once() -> None:
        stamp = dt.datetime.now().strftime("%Y-%m-%d %H:%M:%S")
        sources = select_sources(_load_sources(obj, sources_file), names)
        with obj.open_store() as store:
            due = due_sources(store, sources)
            if not due:
                click.echo(f"{stamp} no source is due")
                return
            report = _collect(
                obj, store, due, max_articles=max_articles, delay=delay, timeout=timeout, echo=True
            )
        click.echo(f"{stamp} stored {report.stored} articles from {len(due)} sources, failed {report.failed}")

    try:
        watch_loop(
            once, every=seconds, times=times, on_error=lambda exc: click.echo(f"error: {exc}", err=True)
        )
    except KeyboardInterrupt:
        click.echo("stopped")


@cli.command(name="sources")
@click.option(
    "--sources",
    "sources_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="A sources file read after the shipped one (default $CROSSROADS_SOURCES).",
)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.pass_obj
def sources_cmd(obj: Context, sources_file: Path | None, fmt: str) -> None:
    """List the sources (feeds, sitemaps, URL lists) with their health: last success, last
    error and articles gained.

    Example: crossroads sources --format json
    """
    from .collect import source_status

    try:
        sources = _load_sources(obj, sources_file)
        with obj.open_store() as store:
            rows = source_status(store, sources)
    except CrossroadsError as exc:
        raise click.ClickException(str(exc)) from exc
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2, default=str))
        return
    for r in rows:
        state = "" if r["enabled"] else " (disabled)" if r["configured"] else " (not in the sources file)"
        success = f"{r['last_success']:%Y-%m-%d %H:%M}" if r["last_success"] else "never"
        click.echo(
            f"{r['name']:<24} {r['kind'] or '-':<8} every {_duration(r['interval']):<5} "
            f"last success {success:<16} gained {r['articles_gained']:>5}{state}"
        )
        if r["last_error"]:
            click.echo(f"  last error {r['last_error_at']:%Y-%m-%d %H:%M}: {r['last_error'][:160]}")
    click.echo(f"{len(rows)} sources")


def _duration(seconds: float | None) -> str:
    if not seconds:
        return "-"
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size and seconds % size == 0:
            return f"{int(seconds // size)}{unit}"
    return f"{seconds:g}s"


def main() -> None:
    cli(prog_name="crossroads")
