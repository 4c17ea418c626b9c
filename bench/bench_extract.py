"""Extraction speed and memory, measured as ratios in one run.

Reports articles/s and words/s of the whole extraction pipeline next to spaCy's own parse of the
same texts (the floor any spaCy-based extractor pays), their ratio, and peak memory. Parse and
extraction alternate article by article, so a busy machine slows both alike.

    python bench/bench_extract.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import resource
import time

from crossroads.demo import corpus_path
from crossroads.evaluate.gold import load_gold
from crossroads.extract import extract_article
from crossroads.extract.nlp import load_model


def measure(articles: list, repeat: int) -> dict:
    """articles/s and words/s of spaCy's parse alone and of the whole extraction, and their ratio."""
    words = sum(len(a.text.split()) for a in articles)
    nlp = load_model()
    extract_article(articles[0])  # warm caches: model, knowledge base, matchers, gazetteer

    parse_s = extract_s = 0.0
    for _ in range(repeat):
        for article in articles:  # interleaved, so that the machine's load weighs on both alike
            start = time.perf_counter()
            nlp(article.text)
            parse_s += time.perf_counter() - start
            start = time.perf_counter()
            extract_article(article)
            extract_s += time.perf_counter() - start

    n = len(articles) * repeat
    return {
        "articles": n,
        "words": words * repeat,
        "spacy_parse": {
            "articles_per_s": round(n / parse_s, 2),
            "words_per_s": round(words * repeat / parse_s),
        },
        "extraction": {
            "articles_per_s": round(n / extract_s, 2),
            "words_per_s": round(words * repeat / extract_s),
        },
        "extraction_over_parse": round(extract_s / parse_s, 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3, help="passes over the demo corpus")
    args = parser.parse_args()
    articles = [g.article for g in load_gold(corpus_path())]
    result = measure(articles, args.repeat)
    result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
