"""`make search-eval`: how well reader search puts the right page first, on the shipped content.

The cases are `tools/relevance/<lang>.toml`: what readers type or paste (whole and cut messages, wrapper lines,
error codes, program and host names, SMTP replies, questions in their own words) and the pages that are a
right first answer (`expect`, content slugs). This script validates them, builds a fresh site (migrate +
load_content into SQLite, tools/fresh_site.py; kept in .search-eval/ and built again when the content or the
code changes), then, in one process under the test settings on a copy of it, runs
`search.service.run_search` for every case and prints, per language, per category and overall: the cases,
hit@1 (a right page first), hit@3, and MRR (1/rank of the first right page in the top 10, else 0), with the
median and slowest milliseconds per search. It exits 1 when a floor below is missed (2 when the cases are
not valid).

    .venv/bin/python tools/search_eval.py [--lang lv] [--category question] [--failures] [--json out.json]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASES_DIR = ROOT / "tools" / "relevance"
CONTENT = ROOT / "content"
WORK_DIR = ROOT / ".search-eval"

LANGUAGES = ("lv", "en", "ru", "lt")
CATEGORIES = ("message", "cut", "wrapper", "code", "program", "host", "smtp", "question")
FLOOR_OVERALL = 0.90  # hit@1 of all the cases run
FLOOR_GROUP = 0.80  # hit@1 of every language and of every category
TOP = 10  # MRR counts a right page within this many results
SHORT = 72  # characters of a query in the failure list

MEASURE_FLAG = "--measure-in-django"  # internal: the measuring subprocess


class CaseError(Exception):
    pass


def content_slugs(content: Path = CONTENT) -> set[str]:
    """Every page slug the shipped content defines: the files' `slug` and the pages of index.toml."""
    slugs = set()
    for path in sorted(content.glob("*/*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        if isinstance(data.get("slug"), str):
            slugs.add(data["slug"])
    index = tomllib.loads((content / "index.toml").read_text(encoding="utf-8"))
    for table in index.values():
        if isinstance(table, dict) and isinstance(table.get("slug"), str):
            slugs.add(table["slug"])
    return slugs


def load_cases(cases_dir: Path = CASES_DIR, content: Path = CONTENT) -> list[dict]:
    """All cases, each with its `lang`; raises CaseError listing every problem found."""
    known = content_slugs(content)
    problems, cases = [], []
    for lang in LANGUAGES:
        path = cases_dir / f"{lang}.toml"
        if not path.exists():
            problems.append(f"{path}: missing")
            continue
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as error:
            problems.append(f"{path.name}: not valid TOML: {error}")
            continue
        unknown_tables = set(data) - {"case"}
        if unknown_tables:
            problems.append(f"{path.name}: unknown top-level keys {sorted(unknown_tables)}")
        seen: dict[str, int] = {}
        for number, case in enumerate(data.get("case", []), start=1):
            where = f"{path.name} case {number}"
            query, category, expect = case.get("query"), case.get("category"), case.get("expect")
            extra = set(case) - {"query", "category", "expect"}
            if extra:
                problems.append(f"{where}: unknown keys {sorted(extra)}")
            if not isinstance(query, str) or not query.strip():
                problems.append(f"{where}: `query` must be a non-empty string")
                continue
            where = f"{where} ({query[:40]!r})"
            if category not in CATEGORIES:
                problems.append(f"{where}: unknown category {category!r} (known: {', '.join(CATEGORIES)})")
            if not isinstance(expect, list) or not expect or not all(isinstance(s, str) for s in expect):
                problems.append(f"{where}: `expect` must be a non-empty list of slugs")
                expect = []
            for slug in expect:
                if slug not in known:
                    problems.append(f"{where}: expected slug {slug!r} is no page of content/")
            if query in seen:
                problems.append(f"{where}: the same query as case {seen[query]}")
            seen.setdefault(query, number)
            cases.append({"lang": lang, "query": query, "category": category, "expect": list(expect)})
    if problems:
        raise CaseError("\n".join(problems))
    return cases


# ---- building and measuring


def _environ(database_url: str) -> dict:
    shared = ("DATABASE_URL", "REDIS_URL", "PAGE_CACHE_REDIS_URL")  # never a running site's
    env = {key: value for key, value in os.environ.items() if key not in shared}
    return {**env, "DJANGO_SETTINGS_MODULE": "helpcenter.settings.test", "DATABASE_URL": database_url}


def site_key() -> str | None:
    """A digest of what the fresh site is built from: the content, the code (tracked or not, tests and this
    tool's cases aside) and the requirements. None when git cannot list the files (then always rebuild)."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT, capture_output=True
    )
    if listed.returncode:
        return None
    digest = hashlib.sha256()
    for name in sorted(set(listed.stdout.decode().split("\0")) - {""}):
        if name.startswith(("tests/", "docs/")) or (name.startswith("tools/") and name != "tools/fresh_site.py"):
            continue
        if not (name.endswith(".py") or name.startswith("content/") or name.startswith("requirements")):
            continue
        path = ROOT / name
        if path.is_file():
            digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def fresh_site(rebuild: bool):
    """The fresh site for the files now (tools/fresh_site.py), kept in .search-eval/site-<key>/ and reused
    while the content and code are unchanged; older builds are removed. Returns it and whether it must be
    built now."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from fresh_site import FreshSite  # tools/, beside this script

    WORK_DIR.mkdir(exist_ok=True)
    key = site_key()
    build = WORK_DIR / f"site-{key}" if key else Path(tempfile.mkdtemp(prefix="site-unkeyed-", dir=WORK_DIR))
    for old in WORK_DIR.glob("site-*"):
        if old != build or rebuild:
            shutil.rmtree(old, ignore_errors=True)
    return FreshSite(build), not (build / "database.done").exists()


def run_cases(cases: list[dict], rebuild: bool = False, engine: str = "tantivy") -> tuple[list[dict], float, bool]:
    """Each case's top slugs and milliseconds, on a copy of the fresh site; the seconds the site took (built
    or reused) and whether it was built now."""
    started = time.perf_counter()
    site, building = fresh_site(rebuild)
    work = Path(tempfile.mkdtemp(prefix="run-", dir=WORK_DIR))
    try:
        database_url = site.database(work / "searched.sqlite3")  # a copy: searching may write (log, caches)
        built = time.perf_counter() - started
        (work / "cases.json").write_text(json.dumps(cases), encoding="utf-8")
        done = subprocess.run(
            [sys.executable, __file__, MEASURE_FLAG, str(work / "cases.json"), str(work / "results.json")],
            cwd=ROOT,
            env={**_environ(database_url), "SEARCH_EVAL_ENGINE": engine},
            capture_output=True,
            text=True,
            timeout=600,
        )
        if done.returncode:
            raise RuntimeError(f"the searches failed:\n{done.stderr[-4000:]}")
        return json.loads((work / "results.json").read_text(encoding="utf-8")), built, building
    finally:
        shutil.rmtree(work, ignore_errors=True)
        if site.build_dir.name.startswith("site-unkeyed-"):
            shutil.rmtree(site.build_dir, ignore_errors=True)


def measure_in_django(cases_path: str, out_path: str) -> None:
    """The subprocess: Django set up on the copy of the fresh site (env DATABASE_URL); every search in turn."""
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    if os.environ.get("SEARCH_EVAL_ENGINE") == "bm25s":  # the runner-up, for docs/decisions.md
        sys.path.insert(0, str(ROOT / "tools"))
        from bm25s_engine import Bm25sEngine

        from search import index

        index.Engine = Bm25sEngine
    from django.utils import translation
    from wagtail.models import Page

    from search import service

    cases = json.loads(Path(cases_path).read_text(encoding="utf-8"))
    slug_of = dict(Page.objects.values_list("pk", "slug_lv"))  # slugs are the same in every language
    results = []
    for case in cases:
        with translation.override(case["lang"]):
            started = time.perf_counter()
            outcome = service.run_search(case["lang"], case["query"])
            elapsed = (time.perf_counter() - started) * 1000
        ids = list(outcome.page_ids)
        results.append({"slugs": [slug_of.get(pk) or f"#{pk}" for pk in ids[:TOP]], "ms": elapsed})
    Path(out_path).write_text(json.dumps(results), encoding="utf-8")


# ---- figures


def rank_of(expect: list[str], slugs: list[str]) -> int | None:
    for position, slug in enumerate(slugs[:TOP], start=1):
        if slug in expect:
            return position
    return None


def figures(rows: list[dict]) -> dict:
    count = len(rows)
    if not count:
        return {"cases": 0, "hit@1": 0.0, "hit@3": 0.0, "mrr": 0.0}
    ranks = [row["rank"] for row in rows]
    return {
        "cases": count,
        "hit@1": sum(rank == 1 for rank in ranks) / count,
        "hit@3": sum(rank is not None and rank <= 3 for rank in ranks) / count,
        "mrr": sum(1 / rank for rank in ranks if rank) / count,
    }


def median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def summarize(rows: list[dict]) -> dict:
    languages = [lang for lang in LANGUAGES if any(row["lang"] == lang for row in rows)]
    categories = [cat for cat in CATEGORIES if any(row["category"] == cat for row in rows)]
    times = [row["ms"] for row in rows]
    # the first search of a language builds that language's index in the worker: reported apart
    firsts = {id(next(row for row in rows if row["lang"] == lang)) for lang in languages}
    warm = [row["ms"] for row in rows if id(row) not in firsts]
    return {
        "overall": figures(rows),
        "languages": {lang: figures([r for r in rows if r["lang"] == lang]) for lang in languages},
        "categories": {cat: figures([r for r in rows if r["category"] == cat]) for cat in categories},
        "grid": {
            lang: {cat: figures([r for r in rows if r["lang"] == lang and r["category"] == cat]) for cat in categories}
            for lang in languages
        },
        "ms": {
            "median": median(times) if times else 0.0,
            "max": max(times, default=0.0),
            "max_warm": max(warm, default=0.0),
        },
    }


def missed_floors(summary: dict) -> list[str]:
    missed = []
    if summary["overall"]["hit@1"] < FLOOR_OVERALL:
        missed.append(f"overall hit@1 {summary['overall']['hit@1']:.3f} < {FLOOR_OVERALL:.2f}")
    for kind in ("languages", "categories"):
        for name, row in summary[kind].items():
            if row["hit@1"] < FLOOR_GROUP:
                missed.append(
                    f"{kind[:-1] if kind == 'languages' else 'category'} {name} hit@1 "
                    f"{row['hit@1']:.3f} < {FLOOR_GROUP:.2f}"
                )
    return missed


def hit_figures(summary: dict) -> dict[str, float]:
    """hit@1 overall, per language and per category, as `--record` writes and `--no-worse-than` reads them."""
    out = {"overall": summary["overall"]["hit@1"]}
    for kind in ("languages", "categories"):
        out |= {name: row["hit@1"] for name, row in summary[kind].items()}
    return {name: round(value, 3) for name, value in out.items()}


def worse_than(summary: dict, recorded: dict[str, float]) -> list[str]:
    current = hit_figures(summary)
    return [
        f"{name} hit@1 {current[name]:.3f} < {value:.3f} recorded"
        for name, value in recorded.items()
        if name in current and current[name] < value
    ]


def print_table(summary: dict) -> None:
    def line(name: str, row: dict) -> str:
        return f"  {name:<10} {row['cases']:>5} {row['hit@1']:>7.3f} {row['hit@3']:>7.3f} {row['mrr']:>7.3f}"

    header = f"  {'':<10} {'cases':>5} {'hit@1':>7} {'hit@3':>7} {'MRR':>7}"
    print("per language")
    print(header)
    for lang, row in summary["languages"].items():
        print(line(lang, row))
    print("per category")
    print(header)
    for cat, row in summary["categories"].items():
        print(line(cat, row))
    print(header)
    print(line("overall", summary["overall"]))
    categories = list(summary["categories"])
    print("\nhit@1 per language and category (cases)")
    print("  " + " " * 4 + "".join(f"{cat:>15}" for cat in categories))
    for lang, cells in summary["grid"].items():
        print(
            "  "
            + f"{lang:<4}"
            + "".join(f"{cells[cat]['hit@1']:>10.2f} ({cells[cat]['cases']:>2})" for cat in categories)
        )
    ms = summary["ms"]
    print(
        f"\nms per search: median {ms['median']:.1f}, max {ms['max']:.1f} "
        f"(max {ms['max_warm']:.1f} without each language's first search, which builds its index)"
    )


def shorten(text: str, width: int = SHORT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def print_failures(rows: list[dict]) -> None:
    failing = [row for row in rows if row["rank"] != 1]
    print(f"\nfailing cases (no right page first): {len(failing)}")
    for row in failing:
        found = f"rank {row['rank']}" if row["rank"] else f"not in top {TOP}"
        print(f"  {row['lang']} {row['category']:<8} {shorten(row['query'])!r}")
        print(
            f"      expected {', '.join(row['expect'])} ({found}); top 3: {', '.join(row['slugs'][:3]) or '(nothing)'}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lang", choices=LANGUAGES, help="only this language's cases")
    parser.add_argument("--category", choices=CATEGORIES, help="only this category's cases")
    parser.add_argument(
        "--failures",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="list every case without a right page first (default: when a floor is missed)",
    )
    parser.add_argument("--rebuild", action="store_true", help="build the fresh site again even if unchanged")
    parser.add_argument("--record", metavar="PATH", help="write hit@1 overall, per language and category to PATH")
    parser.add_argument(
        "--no-worse-than",
        metavar="PATH",
        help="exit 1 also when a hit@1 falls below the one recorded in PATH (the floors hold as well)",
    )
    parser.add_argument(
        "--engine", choices=("tantivy", "bm25s"), default="tantivy", help="rank with the runner-up engine instead"
    )
    parser.add_argument("--json", metavar="PATH", help="write the figures and each case's result to PATH")
    args = parser.parse_args(argv)

    try:
        cases = load_cases()
    except CaseError as error:
        print(f"search-eval: the cases in {CASES_DIR.relative_to(ROOT)}/ are not valid:\n{error}", file=sys.stderr)
        return 2
    cases = [
        case
        for case in cases
        if (not args.lang or case["lang"] == args.lang) and (not args.category or case["category"] == args.category)
    ]
    if not cases:
        print("search-eval: no case matches the filters", file=sys.stderr)
        return 2
    counts = Counter(case["lang"] for case in cases)
    print(
        f"search-eval: {len(cases)} cases ({', '.join(f'{lang} {counts[lang]}' for lang in LANGUAGES if counts[lang])})"
    )

    started = time.perf_counter()
    results, built, fresh = run_cases(cases, rebuild=args.rebuild, engine=args.engine)
    rows = [
        {**case, **result, "rank": rank_of(case["expect"], result["slugs"])}
        for case, result in zip(cases, results, strict=True)
    ]
    print(
        f"fresh site {'built' if fresh else 'reused (content and code unchanged)'} in {built:.1f} s; "
        f"searched in {time.perf_counter() - started - built:.1f} s\n"
    )

    summary = summarize(rows)
    print_table(summary)
    missed = missed_floors(summary)
    if args.failures or (args.failures is None and missed):
        print_failures(rows)
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {
                    **summary,
                    "floors": {"overall": FLOOR_OVERALL, "group": FLOOR_GROUP, "missed": missed},
                    "cases": rows,
                },
                ensure_ascii=False,
                indent=1,
            ),
            encoding="utf-8",
        )
    if args.record:
        Path(args.record).write_text(json.dumps(hit_figures(summary), indent=1) + "\n", encoding="utf-8")
    if args.no_worse_than:
        recorded = json.loads(Path(args.no_worse_than).read_text(encoding="utf-8"))
        worse = worse_than(summary, recorded)
        if worse:
            print(f"\nworse than recorded in {args.no_worse_than}:")
            for line in worse:
                print(f"  {line}")
        else:
            print(f"\nno hit@1 below those recorded in {args.no_worse_than}")
        if worse or missed:
            return 1
    if missed:
        print("\nfloors missed:")
        for floor in missed:
            print(f"  {floor}")
        return 1
    print(f"\nfloors met: hit@1 overall ≥ {FLOOR_OVERALL:.2f}, every language and category ≥ {FLOOR_GROUP:.2f}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == MEASURE_FLAG:
        measure_in_django(sys.argv[2], sys.argv[3])
    else:
        sys.exit(main())
