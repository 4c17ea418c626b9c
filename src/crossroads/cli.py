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
    lines.append(f"Figures: {result.figures}")
    lines.append(f"Claims: {result.claims}")
    lines.append("Most active outside power (events with the state):")
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


def _print_frame(frame, fmt: str, columns: list[str]) -> None:
    if fmt == "json":
        click.echo(frame.to_json(orient="records", date_format="iso", indent=2))
    elif fmt == "csv":
        click.echo(frame.to_csv(index=False), nl=False)
    else:
        for row in frame.itertuples(index=False):
            d = row._asdict()
            click.echo("  ".join(_cell(d[c]) for c in columns))
        click.echo(f"{len(frame)} rows")


def _cell(value) -> str:
    if isinstance(value, (list, tuple)) or (hasattr(value, "tolist") and not isinstance(value, str)):
        return ",".join(map(str, list(value)))
    return "?" if value is None or value != value else str(value)


@cli.command()
@_event_filters
@click.option("--mentions", is_flag=True, help="List the per-article records behind each event.")
@click.pass_obj
def events(
    obj: Context, actor, counterpart, type_, context, since, until, status, min_sources, fmt, mentions: bool
) -> None:
    """List canonical events (reports of one event fused across articles) with their number of
    independent sources.

    Example: crossroads events --actor CHN --counterpart KAZ --min-sources 2
    """
    from . import api

    filters = dict(
        actor=actor,
        counterpart=counterpart,
        type=type_,
        context=context,
        since=since,
        until=until,
        status=status,
        min_sources=min_sources,
    )
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
            ["canonical_id", "article_id", "type", "source_actors", "target_actors", "date", "evidence"]
            if len(frame)
            else [],
        )
        return
    _print_frame(
        frame, fmt, ["date", "type", "source_actors", "target_actors", "location", "status", "sources", "id"]
    )


@cli.command()
@_event_filters
@click.pass_obj
def timeline(
    obj: Context, actor, counterpart, type_, context, since, until, status, min_sources, fmt
) -> None:
    """Canonical events in date order, one line each, for reading as a chronology.

    Example: crossroads timeline --actor KAZ --since 2023-01 --until 2023-12
    """
    from . import api

    filters = dict(
        actor=actor,
        counterpart=counterpart,
        type=type_,
        context=context,
        since=since,
        until=until,
        status=status,
        min_sources=min_sources,
    )
    try:
        with obj.open_store() as store:
            frame = api.timeline(store, **filters)
    except CrossroadsError as exc:
        raise click.ClickException(str(exc)) from exc
    if fmt != "text":
        _print_frame(frame, fmt, [])
        return
    for row in frame.itertuples(index=False):
        who = f"{_cell(row.source_actors)} -> {_cell(row.target_actors)}"
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


def main() -> None:
    cli(prog_name="crossroads")
