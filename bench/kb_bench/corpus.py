# SPDX-License-Identifier: Apache-2.0
"""Generated knowledge-base text with the statistics of real text, for kb_bench.

Each language draws from a vocabulary of tens of thousands of real words: its stop words
(PostgreSQL's own lists, about 45% of running text as in real prose) and content words from
a dictionary (Debian's wamerican, wspanish and hunspell-tr, installed by scripts/install-deps).
Content words follow a Zipf-Mandelbrot law over 40,000 ranks, so a few hundred words occur in
a large share of articles and most occur in a handful, as in a real help center. English ranks
the words of Banking77 and CLINC150 (real customer questions, ../shared/datasets/) first, by
their frequency there, so those questions ask what the articles talk about. Article lengths
are log-normal (median about 300 words, 80 to 1,500), in paragraphs of sentences.
"""
import bisect
import csv
import glob
import itertools
import json
import math
import os
import random
import re

DATASETS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared", "datasets")
DICTIONARIES = {
    "en": "/usr/share/dict/american-english",
    "es": "/usr/share/dict/spanish",
    "tr": "/usr/share/hunspell/tr_TR.dic",
}
STOP_LANGUAGE = {"en": "english", "es": "spanish", "tr": "turkish"}
CONTENT_WORDS = 40000
STOP_SHARE = 0.45
WORD = re.compile(r"[^\W\d_]{3,14}")


def dataset_questions():
    """(text, label) of every Banking77 and CLINC150 test query."""
    out = []
    with open(os.path.join(DATASETS, "banking77", "test.csv"), newline="", encoding="utf-8") as f:
        out += [(row["text"], row["category"]) for row in csv.DictReader(f)]
    with open(os.path.join(DATASETS, "clinc150", "data_full.json"), encoding="utf-8") as f:
        out += [(text, label) for text, label in json.load(f)["test"]]
    return out


def _dataset_ranking():
    counts = {}
    with open(os.path.join(DATASETS, "banking77", "train.csv"), newline="", encoding="utf-8") as f:
        texts = [row["text"] for row in csv.DictReader(f)]
    with open(os.path.join(DATASETS, "clinc150", "data_full.json"), encoding="utf-8") as f:
        texts += [text for text, _ in json.load(f)["train"]]
    for text in texts:
        for w in re.findall(r"[^\W\d_]+", text.lower()):
            counts[w] = counts.get(w, 0) + 1
    return sorted(counts, key=lambda w: (-counts[w], w))


def _stop_words(language):
    path = sorted(glob.glob(f"/usr/share/postgresql/*/tsearch_data/{language}.stop"))[-1]
    with open(path, encoding="utf-8") as f:
        return [w.strip() for w in f if w.strip()]


def _dictionary(locale):
    with open(DICTIONARIES[locale], encoding="utf-8", errors="replace") as f:
        lines = [line.split("/")[0].strip() for line in f]
    return [w for w in lines if WORD.fullmatch(w) and w.lower() == w]


class Language:
    def __init__(self, locale, seed):
        rng = random.Random(f"{seed}-{locale}")
        self.stop = _stop_words(STOP_LANGUAGE[locale])
        stop = set(self.stop)
        words = [w for w in _dictionary(locale) if w not in stop]
        rng.shuffle(words)
        if locale == "en":
            known = set(words)
            first = [w for w in _dataset_ranking() if w in known]
            taken = set(first)
            words = first + [w for w in words if w not in taken]
        self.content = words[:CONTENT_WORDS]
        self._content_cum = list(itertools.accumulate(1.0 / (r + 20) ** 1.05 for r in range(len(self.content))))
        self._stop_cum = list(itertools.accumulate(1.0 / (r + 2) for r in range(len(self.stop))))

    def content_word(self, rng, top=None):
        cum = self._content_cum if top is None else self._content_cum[:top]
        return self.content[bisect.bisect(cum, rng.random() * cum[-1])]

    def words(self, rng, n):
        out = []
        for _ in range(n):
            if rng.random() < STOP_SHARE:
                out.append(self.stop[bisect.bisect(self._stop_cum, rng.random() * self._stop_cum[-1])])
            else:
                out.append(self.content_word(rng))
        return out

    def title(self, rng):
        words = [self.content_word(rng) for _ in range(rng.randint(3, 8))]
        return " ".join(words).capitalize()

    def body(self, rng):
        total = int(min(1500, max(80, rng.lognormvariate(math.log(300), 0.6))))
        paragraphs, sentences, written = [], [], 0
        while written < total:
            n = min(total - written, rng.randint(8, 20))
            sentences.append(" ".join(self.words(rng, n)).capitalize() + ".")
            written += n
            if len(sentences) >= rng.randint(3, 6) or written >= total:
                paragraphs.append(" ".join(sentences))
                sentences = []
        return "\n\n".join(paragraphs)


def languages(seed, locales=("en", "es", "tr")):
    return {loc: Language(loc, seed) for loc in locales}
