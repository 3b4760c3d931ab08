"""干训讲堂 search: Chinese text matched the same way on SQLite and PostgreSQL.

Choice: a term table of overlapping character pairs (二元切分, bigrams) per material, plus a
normalized copy of the text (`Material.search_text`) that confirms the candidates.

- A query's terms must all be in the material's term table (one indexed lookup on
  `(term, material)`), then its runs of characters must occur *contiguously* in the
  normalized text (`contains` on the few candidates). So "党建" finds "…党建工作…" and not a
  material holding "党" and "建" apart ("党员…建设"), and a long query is not satisfied by its
  pairs scattered through the text.
- Why not jieba (词典分词): segmentation depends on context and on the dictionary, so the
  same word is cut differently in a query and in a text ("学习型党组织" may index as
  "学习型", and a search for "学习" then misses it); new political terms ("两学一做") are
  not in its 2020 dictionary; loading it costs a second per process and a 20 MB dependency.
  Pairs miss nothing a substring search would find.
- Why not trigrams (pg_trgm): PostgreSQL only, and a two-character Chinese word has no
  trigram of its own. PostgreSQL full text needs a Chinese parser (zhparser), not installable
  here, and SQLite's FTS5 would be a second, different implementation.
- The price: about one term row per distinct pair of a text (a 5,000-character material:
  ~3,000 rows), written once on save; no ranking beyond "title first, newest first".

Letters and digits (Latin) are kept as whole lowercase words; a one-character query has no
pair and is matched on the normalized text alone (the catalogue it filters is small).
"""

from __future__ import annotations

import re
import unicodedata

from django.db.models import Count, Q, QuerySet

MAX_TERM = 32  # MaterialTerm.term
MAX_QUERY_TERMS = 20  # a pasted paragraph is cut, not turned into a 500-way AND
_RUNS = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[0-9a-z]+")


def normalize(text: str) -> str:
    """Full-width forms folded (NFKC), lower case; runs separated by one space."""
    folded = unicodedata.normalize("NFKC", text).lower()
    return " ".join(_RUNS.findall(folded))


def runs(text: str) -> list[str]:
    """Runs of Chinese characters and Latin words of a text, normalized."""
    return normalize(text).split()


def _run_terms(run: str) -> list[str]:
    if run.isascii():
        return [run[:MAX_TERM]]
    return [run[i : i + 2] for i in range(len(run) - 1)]


def terms(text: str) -> set[str]:
    """The terms a material is indexed under: character pairs and Latin words."""
    found: set[str] = set()
    for run in runs(text):
        found.update(_run_terms(run))
    return found


def query_terms(query: str) -> tuple[list[str], list[str]]:
    """(terms that must all be indexed, runs that must each occur in the normalized text)."""
    query_runs = runs(query)[:MAX_QUERY_TERMS]
    needed: list[str] = []
    for run in query_runs:
        needed.extend(term for term in _run_terms(run) if term not in needed)
    return needed[:MAX_QUERY_TERMS], query_runs


def search(materials: QuerySet, query: str) -> QuerySet:
    """The materials of `materials` (already scoped) that contain every word of `query`."""
    from dangjian.study.models import MaterialTerm

    needed, query_runs = query_terms(query)
    if not query_runs:
        return materials
    if needed:
        # Each term of the query, and only those, counted per material: all present.
        having = (
            MaterialTerm.objects.unscoped("terms of materials filtered by the outer query")
            .filter(term__in=needed)
            .values("material_id")
            .annotate(found=Count("term"))
            .filter(found=len(needed))
            .values("material_id")
        )
        materials = materials.filter(pk__in=having)
    condition = Q()
    for run in query_runs:
        condition &= Q(search_text__contains=run)
    return materials.filter(condition)
