"""The search box: cases by reference, people by name (misspellings too) or
collar number, and allegations by the words of their summaries. Only what
the user may see: cases through ``visible_cases``, people and allegations
only when on such a case."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVector,
    TrigramSimilarity,
)
from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import Greatest

from conduct.models import Person, PersonRole, User
from referrals.models import Allegation, Case, Subject
from referrals.permissions import visible_cases

#: Results shown per kind; the page says when there are more.
RESULT_LIMIT = 25
#: Words of a name compared by trigram similarity; more are ignored.
MAX_NAME_WORDS = 4
#: Shorter words match too many names by trigrams.
MIN_NAME_WORD = 3
#: The text search configuration of the allegation summary index (referrals
#: migration 0005): a query must use the same expression to use the index.
SEARCH_CONFIG = "english"


def allegation_search_vector() -> SearchVector:
    return SearchVector("summary", config=SEARCH_CONFIG)


@dataclass
class SearchResults:
    query: str
    cases: list[Case] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    allegations: list[Allegation] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.cases) + len(self.people) + len(self.allegations)


def _cases(user: User, query: str) -> QuerySet[Case]:
    return (
        visible_cases(user)
        .filter(Q(reference__istartswith=query) | Q(iopc_reference__istartswith=query))
        .select_related("force")
        .order_by("reference", "id")
    )


def _people(user: User, query: str) -> QuerySet[Person]:
    """People whose names are like every word of ``query`` (each word like
    the given names or the family name, misspellings too), or whose collar
    or staff number it is; on a case ``user`` may see."""
    words = [word for word in query.split() if len(word) >= MIN_NAME_WORD]
    words = words[:MAX_NAME_WORDS]
    by_identifier = PersonRole.objects.filter(identifier__iexact=query).values(
        "person_id"
    )
    similarities = []
    matches: QuerySet[Any, Any] = by_identifier.order_by()
    if words:
        by_name = Person.objects.all()
        for word in words:
            # trigram_similar is the % operator, which the GIN trigram indexes
            # on both names (conduct migration 0010) serve.
            by_name = by_name.filter(
                Q(given_names__trigram_similar=word)
                | Q(family_name__trigram_similar=word)
            )
            similarities += [
                TrigramSimilarity("given_names", word),
                TrigramSimilarity("family_name", word),
            ]
        # A union rather than OR: each side then uses its own index (the GIN
        # trigram indexes for names, role_identifier_upper for numbers).
        matches = by_name.order_by().values("pk").union(matches)
    on_visible_case = Exists(
        Subject.objects.filter(person_id=OuterRef("pk"), case__in=visible_cases(user))
    )
    people = Person.objects.filter(on_visible_case, pk__in=matches)
    if len(similarities) > 1:
        people = people.annotate(similarity=Greatest(*similarities))
    elif similarities:
        people = people.annotate(similarity=similarities[0])
    else:
        people = people.annotate(similarity=TrigramSimilarity("family_name", query))
    return people.prefetch_related(
        Prefetch("roles", queryset=PersonRole.objects.select_related("force"))
    ).order_by(F("similarity").desc(nulls_last=True), "family_name", "id")


def _allegations(user: User, query: str) -> QuerySet[Allegation]:
    search = SearchQuery(query, config=SEARCH_CONFIG, search_type="websearch")
    vector = allegation_search_vector()
    return (
        Allegation.objects.annotate(search=vector)
        .filter(search=search, subject__case__in=visible_cases(user))
        .annotate(rank=SearchRank(vector, search))
        .select_related("subject__person", "subject__case")
        .order_by("-rank", "id")
    )


def search(*, user: User, query: str) -> SearchResults:
    """What ``query`` finds that ``user`` may see, each kind best match first
    (at most ``RESULT_LIMIT`` of each), in a constant number of queries."""
    query = " ".join(query.split())[:200]
    results = SearchResults(query=query)
    if not query:
        return results
    results.cases = list(_cases(user, query)[:RESULT_LIMIT])
    results.people = list(_people(user, query)[:RESULT_LIMIT])
    results.allegations = list(_allegations(user, query)[:RESULT_LIMIT])
    return results
