#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Knowledge-base benchmark (not a test): loads 10,000 generated articles x 3 locales (en,
es, tr: 30,000 translations with real vocabularies and lengths, see corpus.py) into a fresh
database, starts frontdeskd and drives public search and suggest requests and help-center
pages with wrk over loopback, at 2 and 8 connections. Prints requests/s, p50 and p99 per run
and the medians.

The queries cycle through a list: one to three words, prefixes of a word being typed,
misspelt words, in all three languages; suggestions get whole questions (real ones in
English: Banking77 and CLINC150 test queries).

Measure on a durable server, not on the tests' throwaway one:
  FRONTDESK_TEST_DATABASE_URL="$(../shared/perf-anchor/run conninfo)" \
  FRONTDESKD=build/dev/bin/frontdeskd FRONTDESK_PLUGINS=build/dev/plugins \
  python3 bench/kb_bench/run_kb_bench.py [--articles N]

--keep leaves the loaded database in place and prints its name; --database NAME measures
again on it without loading.
"""
import argparse
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "..", "tests", "integration", "daemon"))
sys.path.insert(0, os.path.join(HERE, "..", "webhook_bench"))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tests", "fixtures", "providers"))
import corpus  # noqa: E402
import run_webhook_bench  # noqa: E402
from daemon_harness import (PLUGINS, Daemon, TestDatabase, config, free_port, http, psql,  # noqa: E402
                            server_conninfo, with_dbname)

ADMIN = "fdx_bench_admin_token_0123456789abcdef"
NO_CHANNELS = "  webform: { enabled: false }\n"  # the knowledge base needs none


def run_sql(db, text):
    """psql with the statements on standard input (the batches are too long for -c)."""
    subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", db.conninfo], input=text, text=True,
                   check=True, stdout=subprocess.DEVNULL)


def load(db, langs, articles, seed):
    """Articles through SQL in batches (the trigger indexes each translation as the API's
    saves do); published and public, one revision each."""
    rng = random.Random(seed)
    batch = 250
    started = time.time()
    esc = lambda s: s.replace("'", "''")  # noqa: E731
    for first in range(1, articles + 1, batch):
        rows_a, rows_t = [], []
        for i in range(first, min(articles, first + batch - 1) + 1):
            rows_a.append(f"({i}, 'article-{i}', 'published', 'public', 'en')")
            for loc, lang in langs.items():
                title, body = lang.title(rng), lang.body(rng)
                rows_t.append(f"({i}, '{loc}', '{esc(title)}', '{esc(body)}', '', '{esc(body)}')")
        run_sql(db, "INSERT INTO kb_articles (id, slug, status, visibility, source_locale) VALUES "
                 + ",".join(rows_a) + ";"
                 "INSERT INTO kb_article_translations (article_id, locale, title, body, html, plain) VALUES "
                 + ",".join(rows_t))
        print(f"\rloaded {min(articles, first + batch - 1)}/{articles} articles "
              f"({time.time() - started:.0f} s)", end="", flush=True)
    db.query(f"SELECT setval('kb_articles_id_seq', {articles})")
    print()


def queries(rng, langs, n):
    """What people type in a search box: one to three fairly common words, a word being
    typed, a misspelt word."""
    out = []
    for k in range(n):
        loc = ["en", "es", "tr"][k % 3]
        lang = langs[loc]
        word = lambda: lang.content_word(rng, top=5000)  # noqa: E731
        kind = k % 4
        if kind == 0:
            q = word()
        elif kind == 1:
            q = " ".join(word() for _ in range(rng.randint(2, 3)))
        elif kind == 2:  # typing: a word and the start of the next
            w = word()
            q = word() + " " + w[:max(2, len(w) // 2)]
        else:  # a typo in a longer word
            w = word()
            while len(w) < 6:
                w = word()
            p = rng.randrange(1, len(w) - 1)
            q = w[:p] + w[p + 1:]
        out.append(f"/api/v1/support/kb/articles?locale={loc}&limit=10&q=" + urllib.parse.quote(q))
    return out


def questions(rng, langs, n):
    """Whole questions: English ones are real (Banking77 and CLINC150 test queries), Spanish
    and Turkish ones are drawn from the same vocabulary as the articles."""
    real = corpus.dataset_questions()
    out = []
    for k in range(n):
        loc = ["en", "es", "tr"][k % 3]
        if loc == "en":
            text = rng.choice(real)[0]
        else:
            text = " ".join(langs[loc].words(rng, rng.randint(8, 25)))
        out.append(f"/api/v1/support/kb/suggest?locale={loc}&text=" + urllib.parse.quote(text))
    return out


def pages(rng, articles, n):
    """The help center as people browse it: the index and article pages in the three
    languages (an article page is a read that also counts a view)."""
    out = []
    for k in range(n):
        lang = ["en", "es", "tr"][k % 3]
        out.append(f"/help?lang={lang}" if k % 10 == 0 else
                   f"/help/articles/article-{rng.randint(1, articles)}?lang={lang}")
    return out


def wrk(base, paths_file, seconds, connections):
    env = dict(os.environ, KB_PATHS=paths_file)
    # A request slower than wrk's timeout is counted and reported, not taken for a failure.
    out = subprocess.run(["wrk", "-t", str(min(2, connections)), "-c", str(connections), "-d", f"{seconds}s",
                          "--timeout", "10s", "-s", os.path.join(HERE, "kb_paths.lua"), base],
                         capture_output=True, text=True, env=env, check=True).stdout
    m = re.search(r"RESULT requests=(\d+) errors=(\d+) timeouts=(\d+) rps=([\d.]+) p50_us=(\d+) p99_us=(\d+)", out)
    if not m:
        raise SystemExit("wrk gave no result:\n" + out)
    requests, errors, timeouts, rps, p50, p99 = m.groups()
    if int(errors):
        raise SystemExit(f"{errors} failed requests:\n{out}")
    if int(timeouts):
        print(f"  ({timeouts} of {requests} requests took more than 10 s)")
    return float(rps), int(p50) / 1000, int(p99) / 1000


class KeptDatabase:
    def __init__(self, name):
        self.name = name
        self.conninfo = with_dbname(server_conninfo(), name)

    def query(self, sql):
        return psql(self.conninfo, sql)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=10000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--seconds", type=int, default=10)
    ap.add_argument("--connections", default="2,8")
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("--database")
    ap.add_argument("--only", help="comma-separated: search, suggest, pages (default all)")
    ap.add_argument("--ingest-rate", type=float, default=0,
                    help="signed WhatsApp webhooks per second the same daemon ingests (with the shipped "
                         "rules) while it is measured; half the webhook benchmark's peak is the DESIGN case")
    ap.add_argument("--driver", help="the webhook_bench binary (with --ingest-rate); else FRONTDESKD's build's")
    args = ap.parse_args()
    langs = corpus.languages(seed=7)
    db = KeptDatabase(args.database) if args.database else TestDatabase()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    # Debug logs cost time per request: the benchmark logs as a production server would.
    graph = None
    channels = NO_CHANNELS
    extra = ""
    if args.ingest_rate:
        from mock_providers import GraphApiMock
        graph = GraphApiMock()  # the rules' acknowledgements are delivered, as in production
        channels = run_webhook_bench.channels(graph.api_base)
        extra = f"rules: {{ dir: {os.path.join(HERE, '..', '..', 'rules')} }}\n"
    daemon = Daemon(config(port, db.conninfo, plugins_dir=PLUGINS or tempfile.mkdtemp(prefix="fd-kb-plugins-"),
                           channels=channels, extra=extra).replace("level: debug", "level: info"),
                    env={"FRONTDESK_ADMIN_TOKEN": ADMIN})
    ingest = None
    try:
        daemon.start().wait_healthy(base)
        if not args.database:
            load(db, langs, args.articles, seed=7)
        db.query("VACUUM ANALYZE")
        print(f"{db.query('SELECT count(*) FROM kb_article_translations')} translations, "
              f"{db.query('SELECT count(*) FROM kb_lexicon')} words in the lexicon; "
              f"load average {os.getloadavg()[0]:.1f}")
        rng = random.Random(11)
        if args.ingest_rate:
            driver = args.driver or os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(os.environ.get(
                "FRONTDESKD", "build/dev/bin/frontdeskd")))), "bench", "webhook_bench", "webhook_bench")
            # Runs through every measurement (its own figures are not the point here).
            ingest = subprocess.Popen([driver, "--port", str(port), "--secret", run_webhook_bench.SECRET,
                                       "--seconds", "100000", "--connections", "16", "--rate", str(args.ingest_rate),
                                       "--run-id", "kb"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            print(f"ingesting {args.ingest_rate:.0f} webhook messages/s meanwhile")
        with tempfile.TemporaryDirectory() as tmp:
            articles = int(db.query("SELECT count(*) FROM kb_articles"))
            scenarios = (("search", queries(rng, langs, 600)), ("suggest", questions(rng, langs, 300)),
                         ("pages", pages(rng, articles, 600)))
            only = set(args.only.split(",")) if args.only else {name for name, _ in scenarios}
            for name, paths in scenarios:
                if name not in only:
                    continue
                if name == "pages":
                    ok = sum(1 for p in paths[:60] if http("GET", base + p).status == 200)
                    print(f"pages: {ok} of 60 sample pages answered 200")
                else:
                    hits = [len(http("GET", base + p).json()["articles"]) for p in paths[:60]]
                    print(f"{name}: {sum(1 for h in hits if h)} of 60 sample requests found articles")
                f = os.path.join(tmp, name + ".txt")
                with open(f, "w") as out:
                    out.write("\n".join(paths) + "\n")
                for connections in [int(c) for c in args.connections.split(",")]:
                    wrk(base, f, 2, connections)  # warm-up
                    runs = [wrk(base, f, args.seconds, connections) for _ in range(args.runs)]
                    for rps, p50, p99 in runs:
                        print(f"  {name} @{connections}: {rps:.0f} req/s, p50 {p50:.2f} ms, p99 {p99:.2f} ms")
                    med = [statistics.median(r[k] for r in runs) for k in range(3)]
                    print(f"{name} @{connections} connections: median {med[0]:.0f} req/s, "
                          f"p50 {med[1]:.2f} ms, p99 {med[2]:.2f} ms", flush=True)
    finally:
        if ingest:
            ingest.terminate()
            ingest.wait()
            print(f"{db.query('SELECT count(*) FROM messages')} messages ingested meanwhile")
        daemon.stop()
        if graph:
            graph.close()
        if args.keep or args.database:
            print(f"database kept: {db.name}")
        else:
            db.drop()


if __name__ == "__main__":
    main()
