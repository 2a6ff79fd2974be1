#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Relevance of /kb/suggest on data no one here wrote (not a test): Banking77
(../shared/datasets/banking77/, CC BY 4.0, Casanueva et al. 2020).

One English article per intent: the title from the intent's name ("card_arrival" becomes
"Card arrival"), the body from the first few of its training queries (--body-queries, in the
file's order). Then every test query (3,080) is asked of GET /kb/suggest, and the same
queries are ranked in the same run by plain ts_rank: the english configuration over title
and body, the query's words joined with OR (plainto_tsquery joins them with AND, which
finds nothing for most questions). Prints hit@1, hit@3 and MRR (over the first 5) of both.

  FRONTDESK_TEST_DATABASE_URL="$(../shared/perf-anchor/run conninfo)" \\
  FRONTDESKD=build/dev/bin/frontdeskd FRONTDESK_PLUGINS=build/dev/plugins \\
  python3 bench/kb_bench/run_kb_relevance.py
"""
import argparse
import csv
import json
import os
import subprocess
import tempfile
import sys
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "..", "tests", "integration", "daemon"))
import corpus  # noqa: E402
from daemon_harness import PLUGINS, Daemon, TestDatabase, config, free_port, http  # noqa: E402

DEPTH = 5
NO_CHANNELS = "  webform: { enabled: false }\n"  # the knowledge base needs none


def read(name):
    with open(os.path.join(corpus.DATASETS, "banking77", name), newline="", encoding="utf-8") as f:
        return [(row["text"], row["category"]) for row in csv.DictReader(f)]


def slug(intent):
    return intent.replace("_", "-")


def load(db, train, body_queries):
    bodies = {}
    for text, intent in train:
        bodies.setdefault(intent, [])
        if len(bodies[intent]) < body_queries:
            bodies[intent].append(text)
    rows_a, rows_t = [], []
    esc = lambda s: s.replace("'", "''")  # noqa: E731
    for i, (intent, queries) in enumerate(sorted(bodies.items()), start=1):
        title = intent.replace("_", " ").capitalize()
        body = "\n\n".join(queries)
        rows_a.append(f"({i}, '{slug(intent)}', 'published', 'public', 'en')")
        rows_t.append(f"({i}, 'en', '{esc(title)}', '{esc(body)}', '', '{esc(body)}')")
    sql = ("INSERT INTO kb_articles (id, slug, status, visibility, source_locale) VALUES " + ",".join(rows_a) + ";"
           "INSERT INTO kb_article_translations (article_id, locale, title, body, html, plain) VALUES "
           + ",".join(rows_t) + f"; SELECT setval('kb_articles_id_seq', {len(rows_a)})")
    subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", db.conninfo], input=sql, text=True, check=True,
                   stdout=subprocess.DEVNULL)


def baseline(db, questions):
    """Plain ts_rank's top DEPTH slugs for each question, in one statement."""
    values = json.dumps([q for q, _ in questions])
    sql = f"""
SELECT n, coalesce(string_agg(slug, ' ' ORDER BY rank DESC, slug), '') FROM (
  SELECT q.n, a.slug, r.rank, row_number() OVER (PARTITION BY q.n ORDER BY r.rank DESC, a.slug) AS k
  FROM jsonb_array_elements_text($json${values}$json$::jsonb) WITH ORDINALITY AS q(text, n)
  CROSS JOIN LATERAL (SELECT replace(plainto_tsquery('english', q.text)::text, '&', '|') AS t) w
  CROSS JOIN kb_articles a JOIN kb_article_translations t ON t.article_id = a.id
  CROSS JOIN LATERAL (SELECT ts_rank(to_tsvector('english', t.title || ' ' || t.plain),
                                     to_tsquery('english', coalesce(nullif(w.t, ''), 'x'))) AS rank) r
  WHERE w.t <> '' AND to_tsvector('english', t.title || ' ' || t.plain) @@ to_tsquery('english', w.t)) ranked
WHERE k <= {DEPTH} GROUP BY n ORDER BY n"""
    out = subprocess.run(["psql", "-XAtq", "-F", "\t", "-v", "ON_ERROR_STOP=1", db.conninfo], input=sql, text=True,
                         check=True, capture_output=True).stdout
    ranked = {}
    for line in out.splitlines():
        n, slugs = line.split("\t")
        ranked[int(n) - 1] = slugs.split()
    return [ranked.get(i, []) for i in range(len(questions))]


def ours(base, questions):
    out = []
    for text, _ in questions:
        r = http("GET", f"{base}/api/v1/support/kb/suggest?locale=en&limit={DEPTH}&text=" + urllib.parse.quote(text))
        assert r.status == 200, (r.status, r.body)
        out.append([a["slug"] for a in r.json()["articles"]])
    return out


def scores(questions, ranked):
    hit1 = hit3 = rr = 0.0
    for (_, intent), slugs in zip(questions, ranked):
        if slug(intent) in slugs:
            k = slugs.index(slug(intent)) + 1
            hit1 += k == 1
            hit3 += k <= 3
            rr += 1.0 / k
    n = len(questions)
    return hit1 / n, hit3 / n, rr / n


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--body-queries", type=int, default=5)
    args = ap.parse_args()
    train, test = read("train.csv"), read("test.csv")
    db = TestDatabase()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    daemon = Daemon(config(port, db.conninfo, plugins_dir=PLUGINS or tempfile.mkdtemp(prefix="fd-kb-plugins-"),
                           channels=NO_CHANNELS))
    try:
        daemon.start().wait_healthy(base)
        load(db, train, args.body_queries)
        db.query("VACUUM ANALYZE")
        rows = [("/kb/suggest", scores(test, ours(base, test))), ("plain ts_rank (OR)", scores(test, baseline(db, test)))]
        print(f"Banking77: {db.query('SELECT count(*) FROM kb_articles')} articles "
              f"({args.body_queries} training queries each), {len(test)} test queries, MRR over the first {DEPTH}")
        print(f"| {'ranking':<20} | hit@1 | hit@3 | MRR   |")
        print(f"|{'-' * 22}|-------|-------|-------|")
        for name, (h1, h3, mrr) in rows:
            print(f"| {name:<20} | {h1:.3f} | {h3:.3f} | {mrr:.3f} |")
    finally:
        daemon.stop()
        db.drop()


if __name__ == "__main__":
    main()
