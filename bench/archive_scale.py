"""How ingest and query cost grow with the archive: 100, 1,000 and 10,000 generated news articles.

Generates seeded spaceflight and space-media articles (a few thousand distinct entities, real
gazetteer ones mixed with generated ones, 300-700 words each) as JSON Lines, then ingests them
incrementally with `kg ingest --workers N`. At each scale it records plain `nlp.pipe` words/s on the
new texts (same pipeline, same number of processes), the ingest's words/s and their ratio, the
store's size on disk, the ingest's peak RSS, and median/p95 latencies of a fixed query mix against
the embedded store. Results are rewritten after every stage to bench/results/archive-scale.json.

Run with `make bench-scale` (10,000 articles took 50 minutes on two cores) or
`.venv/bin/python bench/archive_scale.py --articles 300` for a quick look.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

import psutil
from spacy.language import Language
from sparql_endpoints import KG, PREFIXES, query_mix

from kg.extract.clean import clean_article
from kg.extract.pipeline import load_pipeline, resolve_model
from kg.model import Article
from kg.sources import read_articles
from kg.store import open_store

REPO = Path(__file__).resolve().parents[1]
SCALES = (100, 1_000, 10_000)

FIRST = [
    "James", "Maria", "Olga", "Kenji", "Aisha", "Pavel", "Lucia", "Tomas", "Ingrid", "Rahul",
    "Mei", "Carlos", "Sofia", "Andrei", "Nadia", "Daniel", "Hannah", "Yuki", "Omar", "Elena",
    "Victor", "Grace", "Mateo", "Leila", "Stefan", "Priya", "Samuel", "Irina", "Hugo", "Chloe",
    "Arjun", "Marta", "Felix", "Zara", "Dmitri", "Naomi", "Luca", "Amara", "Oskar", "Rosa",
    "Ethan", "Ana", "Tariq", "Julia", "Nikolai", "Keiko", "Marcus", "Laura", "Ravi", "Helena",
    "Adrian", "Fatima", "Benjamin", "Clara", "Sergei", "Isabel", "Kofi", "Vera", "Liam", "Amelia",
    "Diego"
]  # fmt: skip
LAST = [
    "Harrington", "Volkova", "Tanaka", "Okafor", "Lindqvist", "Moreau", "Castellano", "Brennan",
    "Kowalski", "Nakamura", "Petrov", "Alvarez", "Whitfield", "Sorensen", "Mehta", "Delacroix",
    "Fischer", "Romano", "Abernathy", "Kuznetsova", "Hayes", "Ibrahim", "Novak", "Calloway",
    "Yamamoto", "Ferreira", "Duval", "Gallagher", "Szabo", "Ortega", "Lindgren", "Mwangi",
    "Chandler", "Rinaldi", "Bergstrom", "Osei", "Takahashi", "Ivanova", "Prescott", "Haddad",
    "Vance", "Kovacs", "Marchetti", "Sato", "Whitaker", "Blackwood", "Quintero", "Halvorsen",
    "Dubois", "Kapoor", "Sokolov", "Fairbanks", "Moreno", "Eriksen", "Lachance", "Adeyemi",
    "Sullivan", "Reyes", "Thornton", "Weiss", "Kimura", "Barros", "Lennox", "Popescu", "Arden",
    "Mendez", "Caldwell", "Zhou", "Hoffman", "Larkin"
]  # fmt: skip
BRAND = [
    "Northstar", "Bluewater", "Ironpeak", "Aurora", "Helix", "Meridian", "Skyward", "Polaris",
    "Vanguard", "Zenith", "Orbis", "Cobalt", "Horizon", "Redline", "Silverline", "Kestrel",
    "Falconridge", "Starward", "Titanfall", "Everest", "Lumen", "Solstice", "Tessera", "Arclight",
    "Pioneer", "Frontier", "Halcyon", "Obsidian", "Radiant", "Sentinel", "Cascade", "Summit",
    "Equinox", "Vector", "Beacon", "Nimbus", "Atlas", "Corvus", "Lyra", "Andromeda"
]  # fmt: skip
MAKERS = ["Aerospace", "Launch Systems", "Space Industries", "Dynamics", "Propulsion", "Orbital"]
STUDIOS = ["Pictures", "Studios", "Films", "Entertainment", "Media"]
ADJECTIVES = [
    "Silent", "Last", "Distant", "Burning", "Frozen", "Hidden", "Endless", "Broken", "Golden",
    "Long", "Quiet", "Crimson", "Pale", "Lost", "Second", "Final", "Wild", "Dark", "Bright",
    "Lonely"
]  # fmt: skip
NOUNS = [
    "Orbit", "Horizon", "Descent", "Signal", "Frontier", "Voyage", "Launch", "Eclipse", "Gravity",
    "Tide", "Station", "Return", "Countdown", "Mission", "Harbor", "Sky", "Summit", "Dawn",
    "Crossing", "Winter"
]  # fmt: skip
PLACES = [
    "Brevard", "Pinecrest", "Redrock", "Saltmarsh", "Eastport", "Highmesa", "Coldwater",
    "Sandhill", "Northcape", "Westbay", "Stonebridge", "Kingsport"
]  # fmt: skip

LEADS = {
    "launch": [
        "A {rocket} rocket lifted off from {port} on {day}, carrying {astro} and {astro2} aboard the "
        "{craft} spacecraft on the {mission} mission, {news} reported.",
        "{agency} launched the {mission} mission from {port} on {day}, with {astro} in command of "
        "the {craft} capsule.",
        "{astro}, {astro2} and {astro3} reached orbit on {day} after their {rocket} rocket lifted "
        "off from {port}, according to {news}.",
    ],
    "film": [
        '{studio} released "{film}", a drama directed by {director} and starring {actor} and '
        "{actor2}, on {day}.",
        '"{film}", the new space thriller from director {director}, opened on {day}, {news} '
        "reported.",
        '{actor} stars in "{film}", which {director} directed for {studio} and which premiered '
        "on {day}.",
    ],
    "business": [
        "{company} named {exec} its chief executive on {day}, {news} reported.",
        "{exec}, the chief executive of {company}, said on {day} that the company would build the "
        "{craft} spacecraft for {agency}.",
        "{agency} signed a contract with {company} on {day} to launch the {mission} mission on a "
        "{rocket} rocket.",
    ],
}
BODY = {
    "launch": [
        "{astro} commanded the {mission} mission.",
        "{astro2} flew on the {craft} as mission specialist.",
        "The {craft} capsule was built by {company}.",
        "{company} builds the {rocket} rocket.",
        "{exec}, the chief executive of {company}, said the flight had gone as planned.",
        "{agency} administrator {exec2} praised the crew after docking.",
        "{astro3} will fly on the next {craft} mission, {agency} said.",
        "The {rocket} rocket was launched from {port}, in {country}.",
        "{astro} previously flew on {mission2}, {news} noted.",
        '{astro2} told {news} that the view from orbit was "unlike anything on Earth."',
        "{company} was founded by {founder} in {year}.",
        "The crew trained for two years at {port} before the flight.",
    ],
    "film": [
        "{director} directed the film from a script by {writer}.",
        "{producer} produced the film for {studio}.",
        '{actor2} plays an engineer at {agency} in "{film}".',
        'Parts of "{film}" were shot at {port}, {news} reported.',
        '{actor} said in an interview with {news} that "{film}" was the hardest role of their career.',
        "{studio} is headed by {exec}, who approved the budget in {year}.",
        "The film follows the crew of the {craft} spacecraft on a mission to the Moon.",
        "{astro} advised the production on life aboard the {craft}.",
        "{studio} was founded by {founder} in {year}.",
        '{director} previously directed "{film2}", which starred {actor3}.',
        "The score was recorded in {place} over three weeks.",
    ],
    "business": [
        "{company} was founded by {founder} in {year}.",
        "{exec} previously worked for {company2}.",
        "{company}, based in {place}, builds the {rocket} rocket.",
        "{exec2}, who heads {agency}, called the agreement a turning point.",
        "{company} operates a launch site at {port}.",
        "{founder} stepped down as chief executive of {company} in {year}.",
        "The first {rocket} launch from {port} is planned for {year2}.",
        "{company2} builds the {craft} spacecraft under a contract with {agency}.",
        'Analyst {analyst} told {news} that "the market for launches is growing faster than '
        'expected."',
        "{company} reported revenue of {money} million dollars last year.",
    ],
}
FILLER = [
    "Officials did not give a timeline for the next attempt.",
    "The weather forecast had called for a 70 percent chance of favorable conditions.",
    "The company declined to comment on the cost of the program.",
    "Hundreds of spectators gathered along the coast to watch.",
    "The mission is expected to last about {num} days.",
    "Engineers spent several weeks reviewing data from the previous flight.",
    "It was the {num}th launch of the year, a record for the industry.",
    "The schedule has slipped several times because of supply chain problems.",
    "Critics have questioned whether the budget is sustainable.",
    "Ticket sales in the opening weekend exceeded expectations in most markets.",
    "Reviews have been mixed, with praise for the visual effects and doubts about the script.",
    "The program employs more than {num} hundred people across three states.",
    "Regulators are still reviewing the environmental assessment for the site.",
    "Further tests are planned before the end of the year.",
    "The agency has not said when the results will be published.",
    "Investors reacted cautiously to the announcement.",
    "A spokesperson said the crew was in good health.",
    "The capsule splashed down in the Atlantic Ocean after the flight.",
    "Interest in space stories has grown steadily among audiences over the past decade.",
    "Streaming services have spent heavily on documentaries about human spaceflight.",
]
TITLES = {
    "launch": [
        "{astro} and crew launch on {mission}",
        "{rocket} lifts off from {port} with {mission} crew",
        "{agency} sends {mission} to orbit",
    ],
    "film": [
        '"{film}" opens with {actor} in the lead',
        '{director} takes "{film}" to space',
        '{studio} bets on "{film}"',
    ],
    "business": [
        "{company} names {exec} chief executive",
        "{agency} picks {company} for {mission}",
        "{company} raises money for {rocket}",
    ],
}
CAST = {
    "astro": "astronaut", "astro2": "astronaut", "astro3": "astronaut", "actor": "actor",
    "actor2": "actor", "actor3": "actor", "director": "director", "writer": "director",
    "producer": "executive", "exec": "executive", "exec2": "executive", "founder": "executive",
    "analyst": "analyst", "company": "company", "company2": "company", "studio": "studio",
    "agency": "agency", "craft": "craft", "rocket": "rocket", "port": "port", "mission": "mission",
    "mission2": "mission", "film": "film", "film2": "film", "news": "news", "country": "country",
    "place": "place",
}  # fmt: skip
PEOPLE = {"astronaut", "actor", "director", "executive", "analyst"}


class Cast(dict[str, str]):
    """An article's slot values; a person is named in full once, then by surname."""

    def __init__(self, values: dict[str, str]) -> None:
        super().__init__(values)
        self.named: set[str] = set()

    def __getitem__(self, slot: str) -> str:
        name = super().__getitem__(slot)
        if CAST.get(slot) not in PEOPLE:
            return name
        if name in self.named:
            return name.split()[-1]
        self.named.add(name)
        return name


def entity_pools(rng: random.Random) -> dict[str, list[str]]:
    """Distinct entity names by role: generated ones mixed with the gazetteer's real ones."""
    entries = json.loads((REPO / "kg/data/gazetteer.json").read_text())["entries"]
    real: dict[str, list[str]] = defaultdict(list)
    for entry in entries:
        real[entry["cls"]].append(entry["label"])
    people = [f"{f} {last}" for f, last in itertools.product(FIRST, LAST)]
    rng.shuffle(people)
    sizes = {"astronaut": 700, "actor": 450, "director": 200, "executive": 400, "analyst": 100}
    pools, start = {}, 0
    for role, size in sizes.items():
        pools[role] = people[start : start + size]
        start += size
    pools["astronaut"] += real["Person"]
    pools["company"] = (
        rng.sample([f"{b} {m}" for b in BRAND for m in MAKERS], 200) + real["Company"]
    )
    pools["studio"] = rng.sample([f"{b} {s}" for b in BRAND for s in STUDIOS], 120)
    pools["agency"] = real["SpaceAgency"]
    pools["film"] = (
        rng.sample(
            [f"The {a} {n}" for a in ADJECTIVES for n in NOUNS]
            + [f"{n} of the {m}" for n in NOUNS for m in NOUNS if n != m],
            450,
        )
        + real["Film"]
    )
    pools["craft"] = [f"{b}{n}" for b in BRAND for n in ("", " II", " X")][:100] + real[
        "Spacecraft"
    ]
    pools["rocket"] = [f"{b}-{n}" for b in BRAND for n in (1, 2, 5)] + real["LaunchVehicle"]
    pools["mission"] = [f"{b} {n}" for b in BRAND[:20] for n in range(1, 11)] + real["Spaceflight"]
    pools["port"] = [f"{p} Launch Complex" for p in PLACES] + real["Spaceport"]
    pools["news"] = real["NewsOrganization"]
    pools["country"] = real["Country"]
    pools["place"] = real["Place"] + PLACES
    return pools


def article(rng: random.Random, pools: dict[str, list[str]], index: int) -> dict[str, str]:
    """One seeded news article (title, 300-700 words of text, url, published, source)."""
    topic = rng.choice(list(LEADS))
    cast = Cast({slot: rng.choice(pools[role]) for slot, role in CAST.items()})
    day = date(2016, 1, 1) + timedelta(days=rng.randrange(3650))
    extra = {
        "day": day.strftime("%B %-d"),
        "year": str(rng.randint(1990, 2015)),
        "year2": str(day.year + rng.randint(1, 4)),
        "money": str(rng.randint(20, 900)),
    }
    cast.update(extra)
    # Most body sentences come from the article's topic, some from the others, as in real news.
    templates = BODY[topic] * 6 + [t for other in BODY if other != topic for t in BODY[other]]
    paragraphs = [rng.choice(LEADS[topic]).format_map(cast)]
    words, target = len(paragraphs[0].split()), rng.randint(280, 600)
    while words < target:
        sentences = []
        for _ in range(rng.randint(2, 5)):
            pool = FILLER if rng.random() < 0.35 else templates
            cast["num"] = str(rng.randint(3, 40))
            sentences.append(rng.choice(pool).format_map(cast))
        paragraphs.append(" ".join(sentences))
        words += len(paragraphs[-1].split())
    source = cast["news"]
    return {
        "title": rng.choice(TITLES[topic]).format_map(dict(cast)),
        "text": "\n\n".join(paragraphs),
        "url": f"https://example.org/{source.lower().replace(' ', '-')}/{day}/{index}",
        "published": day.isoformat(),
        "source": source,
    }


def write_articles(path: Path, rows: list[dict[str, str]]) -> list[Article]:
    """Write `rows` as JSON Lines at `path`; return them as `kg ingest` reads them."""
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows))
    return list(read_articles([path]))


def plain_pipe(texts: list[str], nlp: Language, workers: int) -> float:
    """Words/s of plain `nlp.pipe` (our pipeline, `workers` processes) over `texts`, counted from
    the first Doc to the last in batches of 4 texts, as the ingest's speed is (kg.ingest.Parser)."""
    done = [time.perf_counter() for _doc in nlp.pipe(texts, batch_size=4, n_process=workers)]
    return sum(len(t.split()) for t in texts[1:]) / (done[-1] - done[0])


def run_ingest(path: Path, store: Path, workers: int, words: list[int]) -> dict[str, float]:
    """Run `kg ingest` on `path` (articles of `words` words each); return its speed and peak RSS.

    Words/s is counted from the first committed article to the last, so it leaves out the start
    (model loads, worker pool); `startup_s` is that start.
    """
    command = [str(KG), "ingest", str(path), "--store", str(store), "--workers", str(workers)]
    start = time.perf_counter()
    process = psutil.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peaks = {"main": 0, "tree": 0}

    def sample() -> None:
        while process.poll() is None:
            try:
                main = process.memory_info().rss
                tree = main + sum(c.memory_info().rss for c in process.children(recursive=True))
            except psutil.NoSuchProcess:
                break
            peaks["main"], peaks["tree"] = max(peaks["main"], main), max(peaks["tree"], tree)
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    assert process.stdout is not None
    committed = [time.perf_counter() for line in process.stdout if line.startswith("added")]
    stderr = process.stderr.read() if process.stderr else ""
    if process.wait() != 0 or len(committed) != len(words):
        raise RuntimeError(f"kg ingest failed ({len(committed)} of {len(words)} added): {stderr}")
    sampler.join()
    steady = committed[-1] - committed[0]
    return {
        "wall_s": round(time.perf_counter() - start, 1),
        "startup_s": round(committed[0] - start, 1),
        "words_per_s": sum(words[1:]) / steady if steady else float("nan"),
        "peak_rss_main_mb": peaks["main"] / 2**20,
        "peak_rss_all_processes_mb": peaks["tree"] / 2**20,
    }


def disk_bytes(folder: Path) -> int:
    """Bytes the files under `folder` occupy on disk (as `du` counts them)."""
    return sum(p.stat().st_blocks * 512 for p in folder.rglob("*") if p.is_file())


def picked_entities(store: Path, count: int = 10) -> list[tuple[str, str, str, list[str]]]:
    """The `count` most mentioned entities that have an alias (iri, class, label, aliases)."""
    db = open_store(store)
    try:
        rows = db.select(
            PREFIXES
            + """SELECT ?e ?t ?label ?alt (COUNT(DISTINCT ?g) AS ?n) WHERE {
                ?g sm:mentions ?e . ?e rdfs:label ?label ; skos:altLabel ?alt ; a ?t }
            GROUP BY ?e ?t ?label ?alt ORDER BY DESC(?n) ?e"""
        )
    finally:
        db.close()
    found: dict[str, tuple[str, str, str, list[str]]] = {}
    for row in rows:
        found.setdefault(row["e"], (row["e"], row["t"], row["label"], [row["alt"]]))
    return list(found.values())[:count]


def query_latencies(
    store: Path, entities: list[tuple[str, str, str, list[str]]], repeat: int
) -> dict[str, dict[str, float]]:
    """Median and p95 milliseconds per kind of query of the fixed mix (`query_mix` of
    sparql_endpoints plus an article listing), over `repeat` rounds of the mix."""
    listing = (
        "SELECT ?a ?title ?date WHERE { ?a a sm:Article ; schema:headline ?title ; "
        "schema:datePublished ?date } ORDER BY DESC(?date) LIMIT 20"
    )
    mix = [*query_mix(entities), ("article-list", PREFIXES + listing)]
    db = open_store(store)
    times: dict[str, list[float]] = defaultdict(list)
    try:
        for _ in range(repeat):
            for kind, sparql in mix:
                start = time.perf_counter()
                db.select(sparql)
                times[kind].append((time.perf_counter() - start) * 1000)
    finally:
        db.close()
    return {
        kind: {
            "median_ms": round(statistics.median(values), 2),
            "p95_ms": round(statistics.quantiles(values, n=20, method="inclusive")[-1], 2),
        }
        for kind, values in times.items()
    }


def store_counts(store: Path) -> dict[str, int]:
    """Quads, entities, facts and articles in the store."""
    db = open_store(store)
    try:
        counts = db.select(
            PREFIXES
            + """SELECT (COUNT(DISTINCT ?e) AS ?entities) (COUNT(DISTINCT ?f) AS ?facts)
                (COUNT(DISTINCT ?a) AS ?articles) WHERE {
                { ?a a sm:Article } UNION { ?f a sm:Fact } UNION { ?g sm:mentions ?e } }"""
        )[0]
        return {"quads": db.quad_count()} | {k: int(v) for k, v in counts.items()}
    finally:
        db.close()


def main() -> int:
    """Generate the articles, ingest them in stages and save the measurements after each one."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2, help="processes for both measurements")
    parser.add_argument(
        "--pipe-articles", type=int, default=300, help="new articles timed with nlp.pipe a stage"
    )
    parser.add_argument("--repeat", type=int, default=5, help="rounds of the query mix")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--work", type=Path, default=Path("/tmp/archive-scale"))
    parser.add_argument(
        "-o", "--output", type=Path, default=REPO / "bench/results/archive-scale.json"
    )
    args = parser.parse_args()

    rng = random.Random(args.seed)
    pools = entity_pools(rng)
    rows = [article(rng, pools, i) for i in range(args.articles)]
    store = args.work / "store"
    args.work.mkdir(parents=True, exist_ok=True)
    if store.exists():
        raise SystemExit(f"{store} exists: remove it or choose another --work")
    model = resolve_model(None)
    nlp = load_pipeline(model)
    result: dict[str, object] = {
        "model": model,
        "cpus": os.cpu_count(),
        "workers": args.workers,
        "seed": args.seed,
        "articles_planned": args.articles,
        "distinct_entity_names": len({n for names in pools.values() for n in names}),
        "complete": False,
    }
    stages: list[dict[str, object]] = []
    result["stages"] = stages
    scales = [s for s in SCALES if s < args.articles] + [args.articles]
    entities: list[tuple[str, str, str, list[str]]] = []
    done = total_words = 0
    for scale in scales:
        path = args.work / f"articles-{done}-{scale}.jsonl"
        new = write_articles(path, rows[done:scale])
        texts = [clean_article(a.title, a.text) for a in new]
        words = [len(t.split()) for t in texts]
        pipe_rate = plain_pipe(texts[: args.pipe_articles], nlp, args.workers)
        ingested = run_ingest(path, store, args.workers, words)
        done, total_words = scale, total_words + sum(words)
        counts = store_counts(store)
        entities = entities or picked_entities(store)
        size = disk_bytes(store)
        million = counts["quads"] / 1e6
        stages.append(
            {
                "articles": scale,
                "words": total_words,
                "new_articles": len(new),
                "new_words": sum(words),
                "pipe_articles": min(len(new), args.pipe_articles),
                "plain_nlp_pipe_words_per_s": round(pipe_rate),
                "ingest_words_per_s": round(ingested["words_per_s"]),
                "ratio": round(ingested["words_per_s"] / pipe_rate, 3),
                "ingest_wall_s": ingested["wall_s"],
                "ingest_startup_s": ingested["startup_s"],
                **counts,
                "store_bytes": size,
                "store_mb_per_million_quads": round(size / 2**20 / million, 1),
                "peak_rss_main_mb": round(ingested["peak_rss_main_mb"]),
                "peak_rss_all_processes_mb": round(ingested["peak_rss_all_processes_mb"]),
                "peak_rss_main_mb_per_million_quads": round(ingested["peak_rss_main_mb"] / million),
                "queries": query_latencies(store, entities, args.repeat),
            }
        )
        result["complete"] = scale == args.articles
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(json.dumps(result, indent=2) + "\n")
        print(json.dumps(stages[-1], indent=2), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
