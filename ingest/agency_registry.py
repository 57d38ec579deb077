"""Gather agency mentions into :class:`~policygraph.graph.model.Agency` nodes: :class:`AgencyRegistry`.

Stable keys (``agency:so-cong-thuong@binh-duong``; national bodies have no ``@``), aliases, evidence
and the 2025 reorganisation (``valid_until``, ``successor``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from policygraph.graph.model import Agency, Evidence
from policygraph.ingest.agencies import AgencyMention
from policygraph.ingest.agency_match import AgencyMatch, clean_name, entry_match, match_agency
from policygraph.ingest.gazetteer import (
    DISTRICT_LAST_DAY,
    PROVINCE_LAST_DAY,
    PROVINCES,
    load_gazetteer,
    province_successor,
    slugify,
)

__all__ = ["AgencyRegistry"]


@lru_cache(maxsize=256)
def _province_name(jurisdiction: str | None) -> str | None:
    """The canonical spelling of a province (``"binh duong"`` → ``"Bình Dương"``), or as given."""
    if jurisdiction is None:
        return None
    return _provinces_by_slug().get(slugify(jurisdiction), jurisdiction)


@lru_cache(maxsize=1)
def _provinces_by_slug() -> dict[str, str]:
    return {slugify(n): n for n in PROVINCES}


def _display_name(match: AgencyMatch, province: str | None) -> str:
    """The name to show: "Ủy ban nhân dân tỉnh Bình Dương", "Tỉnh ủy Bình Dương", "Sở Công Thương"."""
    name = match.canonical
    if province is None or match.level == "national" or match.generic or match.entry is None:
        return name
    if name.endswith(" tỉnh"):
        if province.startswith("Thành phố"):
            return f"{name[: -len(' tỉnh')]} {province}"
        return f"{name} {province}"
    if name.endswith("Tỉnh ủy"):
        return f"{name} {province}"
    return name


@dataclass(slots=True)
class AgencyRegistry:
    """Accumulates mentions into Agency nodes, one per (body, province).

    Keys are stable and readable: ``agency:<slug>@<province-slug>`` for provincial bodies and groups,
    ``agency:<slug>`` for national bodies (and for provincial ones when the province is unknown).

    Example:
        >>> registry = AgencyRegistry()
        >>> key = registry.resolve("S6 Cong Thuong", "Bình Dương", Evidence("f.txt", 3, "S6 Cong Thuong chu tri"))
        >>> key, registry.get(key).name
        ('agency:so-cong-thuong@binh-duong', 'Sở Công Thương')
    """

    _agencies: dict[str, Agency] = field(default_factory=dict)
    _evidence_seen: dict[str, set[Evidence]] = field(default_factory=dict)

    def key_for(self, match: AgencyMatch, jurisdiction: str | None) -> str:
        """The stable key of a matched body in a province.

        Args:
            match: what the printed name resolved to.
            jurisdiction: the document's province, or None.

        Returns:
            ``agency:<slug>[@<province-slug>]``.
        """
        province = _province_name(jurisdiction)
        if match.level == "national" or province is None:
            return f"agency:{match.slug}"
        return f"agency:{match.slug}@{slugify(province)}"

    def add(self, mention: AgencyMention, jurisdiction: str | None) -> str:
        """Record one mention and return the key of its agency.

        Args:
            mention: a mention from :func:`find_agency_mentions`.
            jurisdiction: the document's province, or None.

        Returns:
            The agency key.
        """
        evidence = Evidence(mention.file, mention.line, mention.context)
        return self._record(mention.match, mention.raw, jurisdiction, evidence)

    def add_mentions(
        self, mentions: Sequence[AgencyMention], jurisdiction: str | None, *, groups: bool = False
    ) -> list[str]:
        """Record many mentions; generic groups only when ``groups`` is True.

        Generic groups ("các Sở, ban, ngành") are agencies when a task names them in a role, which
        :func:`policygraph.ingest.tasks.extract_tasks` records itself; a group merely mentioned in
        passing is not (the annotation convention of the gold folders).

        Args:
            mentions: mentions from :func:`find_agency_mentions`.
            jurisdiction: the document's province, or None.
            groups: also record generic groups.

        Returns:
            The keys recorded, in mention order.
        """
        return [self.add(m, jurisdiction) for m in mentions if groups or not m.match.generic]

    def resolve(self, name: str, jurisdiction: str | None, evidence: Evidence) -> str | None:
        """Match a printed name and record it; None when the name holds no letters.

        Args:
            name: the name as printed.
            jurisdiction: the document's province, or None.
            evidence: where it was read.

        Returns:
            The agency key, or None.
        """
        match = match_agency(name, jurisdiction)
        if match is None:
            return None
        return self._record(match, clean_name(name), jurisdiction, evidence)

    def get(self, key: str) -> Agency:
        """The agency with this key (KeyError when it was never recorded)."""
        return self._agencies[key]

    def agencies(self, *, include_successors: bool = False) -> list[Agency]:
        """All recorded agencies, sorted by key.

        Args:
            include_successors: also create the successor bodies named by ``successor`` keys (with no
                mentions), so every key the graph points at exists.

        Returns:
            The agencies.
        """
        if include_successors:
            for agency in list(self._agencies.values()):
                self._materialise_successors(agency)
        return [self._agencies[k] for k in sorted(self._agencies)]

    def _record(self, match: AgencyMatch, raw: str, jurisdiction: str | None, evidence: Evidence) -> str:
        """Add a raw spelling and evidence to the agency of ``match``, creating it when new."""
        key = self.key_for(match, jurisdiction)
        agency = self._agencies.get(key)
        if agency is None:
            agency = self._new_agency(key, match, jurisdiction)
            self._agencies[key] = agency
        if raw and raw not in agency.aliases:
            agency.aliases = sorted({*agency.aliases, raw})
        seen = self._evidence_seen.setdefault(key, set())
        if evidence not in seen:  # a set: a body named 100,000 times in one file stays linear
            seen.add(evidence)
            agency.mentions.append(evidence)
        return key

    def _new_agency(self, key: str, match: AgencyMatch, jurisdiction: str | None) -> Agency:
        """Create the Agency node for a match, with its 2025 end date and successor."""
        province = None if match.level == "national" else _province_name(jurisdiction)
        valid_until, successor = self._reorganisation(match, province)
        kind = "group" if match.generic else match.kind
        return Agency(key, _display_name(match, province), province, [], kind, valid_until, successor)

    def _reorganisation(self, match: AgencyMatch, province: str | None) -> tuple[str | None, str | None]:
        """(valid_until, successor key) from the department merger, else the province merger."""
        entry = match.entry
        if entry is not None and entry.successor is not None:
            successor = next(e for e in load_gazetteer() if e.slug == entry.successor)
            return entry.valid_until, self.key_for(entry_match(successor, 100.0), province)
        if match.level == "district":
            return DISTRICT_LAST_DAY, None  # the district level was abolished on 1 July 2025
        new_province = province_successor(province)
        if entry is not None and entry.level == "province" and new_province is not None:
            return PROVINCE_LAST_DAY, self.key_for(match, new_province)
        return None, None

    def _materialise_successors(self, agency: Agency) -> None:
        """Create the chain of successor agencies of ``agency`` (no mentions)."""
        while agency.successor is not None and agency.successor not in self._agencies:
            slug, _, province_slug = agency.successor.removeprefix("agency:").partition("@")
            entry = next(e for e in load_gazetteer() if e.slug == slug)
            province = next((n for n in PROVINCES if slugify(n) == province_slug), None)
            successor = self._new_agency(agency.successor, entry_match(entry, 100.0), province)
            self._agencies[agency.successor] = successor
            agency = successor
