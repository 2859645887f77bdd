"""The case index: the cases placed in the report, by organisation and by SDG.

A view of the model that both renderers print as an appendix when the
manifest asks for it (``[index] cases = true``); each entry links to its case
box, whose page number the PDF and Word compute.
"""

from __future__ import annotations

from dataclasses import dataclass

from toolkit.model import ORGANISATION_KINDS, SDG_NAMES, Case, CaseBox, Edition, OrganisationKind


@dataclass(frozen=True)
class Organisation:
    """One organisation and its cases, in reading order."""

    name: str
    cases: list[Case]


@dataclass(frozen=True)
class KindGroup:
    """The organisations of one kind (部委, 地方 ...)."""

    kind: OrganisationKind
    organisations: list[Organisation]


@dataclass(frozen=True)
class Goal:
    """One Sustainable Development Goal and the cases that serve it."""

    number: int
    name: str
    cases: list[Case]


@dataclass(frozen=True)
class CaseIndex:
    """Both views of the index."""

    by_organisation: list[KindGroup]
    by_goal: list[Goal]


def placed_cases(edition: Edition) -> list[Case]:
    """The cases the report prints, in reading order."""
    ids = [b.case_id for _, b in edition.walk() if isinstance(b, CaseBox)]
    return [edition.cases[i] for i in dict.fromkeys(ids) if i in edition.cases]


def case_index(edition: Edition) -> CaseIndex:
    """The index of the edition's placed cases."""
    cases = placed_cases(edition)
    groups: list[KindGroup] = []
    for kind in ORGANISATION_KINDS:
        names = list(dict.fromkeys(c.organisation for c in cases if c.organisation_kind == kind))
        if names:
            groups.append(KindGroup(kind, [Organisation(n, [c for c in cases if c.organisation == n]) for n in names]))
    goals = [Goal(n, name, [c for c in cases if n in c.sdgs]) for n, name in SDG_NAMES.items()]
    return CaseIndex(groups, [g for g in goals if g.cases])
