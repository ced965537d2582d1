"""Storing checked framework definitions, and reading stored versions back.

Loading is all or nothing (the caller commits once). A published version is immutable:
the same content again changes nothing, other content under its number is refused.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from outcomes.accounts.access import Actor, has_role, require_role
from outcomes.accounts.models import Role
from outcomes.audit.trail import record
from outcomes.errors import InvalidInput, NotFound, OutcomesError
from outcomes.frameworks.changes import (
    check_version_bump,
    compare,
    is_release,
    previous_release,
)
from outcomes.frameworks.definition import (
    FrameworkDefinition,
    NumberItem,
    RubricItem,
    canonical_json,
    canonical_sha256,
    definition_from_data,
)
from outcomes.frameworks.errors import FrameworkDefinitionError, Problem
from outcomes.frameworks.loading import load_paths, parse_definition, parse_extension
from outcomes.frameworks.models import Framework, FrameworkItem, FrameworkVersion
from outcomes.frameworks.parsing import parse_yaml
from outcomes.frameworks.semver import Version
from outcomes.places.models import Place

IMMUTABLE_STATUSES = {"published", "retired"}


class AlteredVersion(OutcomesError):
    """A stored version whose content no longer matches its SHA-256."""


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    replaced_drafts: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.replaced_drafts)


def may_load_versions(actor: Actor) -> bool:
    """Administrators load and upload framework versions."""
    return has_role(actor, Role.ADMIN)


def store_definitions(
    session: Session, actor: Actor, definitions: Iterable[FrameworkDefinition]
) -> LoadReport:
    """Store every definition, or none: the first problem stops the load."""
    require_role(actor, Role.ADMIN, action="load framework versions")
    report = LoadReport()
    # Cores before extensions, older before newer, so each finds what it builds on.
    ordered = sorted(definitions, key=lambda d: (d.extends is not None, d.slug, d.semver))
    for definition in ordered:
        label = f"{definition.slug} {definition.version}"
        framework = _framework_for(session, definition)
        existing = _find_version(session, framework, definition.version)
        sha256 = canonical_sha256(definition)
        if existing is not None:
            if existing.sha256 == sha256:
                report.unchanged.append(label)
                continue
            if existing.status in IMMUTABLE_STATUSES:
                raise _refuse(
                    definition,
                    f"Version {definition.version} of {definition.slug} is already "
                    f"{existing.status} with different content, and a published version never "
                    "changes. Give this file a new version number.",
                )
            _write_version(session, existing, definition, framework, sha256)
            report.replaced_drafts.append(label)
        else:
            _write_version(session, FrameworkVersion(), definition, framework, sha256)
            report.created.append(label)
        record(
            session,
            actor,
            "framework.load",
            "framework_version",
            label,
            after={"sha256": sha256, "status": definition.status},
        )
    session.flush()
    return report


def _refuse(definition: FrameworkDefinition, message: str) -> FrameworkDefinitionError:
    return FrameworkDefinitionError(
        [Problem(definition.source or definition.slug, None, None, message)]
    )


def _framework_for(session: Session, definition: FrameworkDefinition) -> Framework:
    framework = session.scalar(select(Framework).where(Framework.slug == definition.slug))
    if framework is None:
        framework = Framework(slug=definition.slug, title=definition.title)
        if definition.extends is not None:
            core = session.scalar(
                select(Framework).where(Framework.slug == definition.extends.slug)
            )
            place = session.scalar(select(Place).where(Place.code == definition.place))
            if core is None or place is None:
                raise _refuse(
                    definition,
                    f"This extension needs {definition.extends.slug} and the place "
                    f"{definition.place} to be loaded first.",
                )
            framework.extends_framework_id = core.id
            framework.place = place
        session.add(framework)
        session.flush()
    framework.title = definition.title
    return framework


def _find_version(session: Session, framework: Framework, version: str) -> FrameworkVersion | None:
    return session.scalar(
        select(FrameworkVersion).where(
            FrameworkVersion.framework_id == framework.id, FrameworkVersion.version == version
        )
    )


def _write_version(
    session: Session,
    row: FrameworkVersion,
    definition: FrameworkDefinition,
    framework: Framework,
    sha256: str,
) -> None:
    # Every check runs before the row joins the session, so nothing half-made is flushed.
    change_class = None
    predecessor = _predecessor(session, framework, definition)
    if predecessor is not None:
        old = as_definition(predecessor)
        diff = compare(old, definition)
        check_version_bump(old, definition, diff)
        change_class = diff.change_class
    core = None
    if definition.extends is not None:
        core = session.scalar(
            select(FrameworkVersion)
            .join(Framework)
            .where(
                Framework.slug == definition.extends.slug,
                FrameworkVersion.version == definition.extends.version,
            )
        )
        if core is None:
            raise _refuse(
                definition,
                f"Load {definition.extends.slug} "
                f"{definition.extends.version} before this extension.",
            )
    for old_item in list(row.items):
        session.delete(old_item)
    session.flush()
    semver = definition.semver
    session.add(row)
    row.framework = framework
    row.change_class = change_class
    row.extends_version = core
    row.version = definition.version
    row.major, row.minor, row.patch = semver.major, semver.minor, semver.patch
    row.status = definition.status
    row.released = definition.released
    row.summary = definition.summary
    row.changelog = definition.changelog
    row.canonical = canonical_json(definition)
    row.sha256 = sha256
    row.items = [
        FrameworkItem(
            item_id=item.id,
            position=position,
            kind=item.kind,
            section=item.section,
            label=item.label,
            principle=item.principle,
            domain=item.domain,
            required=item.required,
            counts_people=isinstance(item, NumberItem) and item.counts_people,
            scale=item.scale if isinstance(item, RubricItem) else None,
            replaces=list(item.replaces),
            crosswalk={
                old: {str(k): v for k, v in levels.items()}
                for old, levels in getattr(item, "crosswalk", {}).items()
            },
        )
        for position, item in enumerate(definition.items)
    ]


def _predecessor(
    session: Session, framework: Framework, definition: FrameworkDefinition
) -> FrameworkVersion | None:
    """The stored release this one is compared with (see ``changes.previous_release``)."""
    return previous_release(_versions(session, framework), definition.semver)


def _versions(session: Session, framework: Framework) -> list[FrameworkVersion]:
    return list(
        session.scalars(
            select(FrameworkVersion)
            .where(FrameworkVersion.framework_id == framework.id)
            .order_by(FrameworkVersion.major, FrameworkVersion.minor, FrameworkVersion.patch)
        )
    )


def as_definition(version: FrameworkVersion) -> FrameworkDefinition:
    """The stored version as a definition, rebuilt from its canonical content.

    Every read checks the content against the SHA-256 it was stored with, so a row
    changed outside Outcomes is refused instead of being read as the version.
    """
    label = f"{version.framework.slug} {version.version}"
    if hashlib.sha256(version.canonical.encode("utf-8")).hexdigest() != version.sha256:
        raise AlteredVersion(
            f"The stored content of {label} does not match the SHA-256 it was published "
            f"with ({version.sha256[:12]}…): it was changed outside Outcomes, so it is not "
            "read. Restore the row from a backup or reload the version's file with "
            "'outcomes frameworks load', and find out who changed it."
        )
    definition = definition_from_data(json.loads(version.canonical), source=label)
    return definition


def list_frameworks(session: Session, *, core_only: bool = False) -> list[Framework]:
    statement = select(Framework).order_by(Framework.title, Framework.slug)
    if core_only:
        statement = statement.where(Framework.extends_framework_id.is_(None))
    return list(session.scalars(statement))


def versions_with_status(session: Session, status: str) -> list[FrameworkVersion]:
    """Every version with ``status`` (draft, published or retired), by framework and version."""
    statement = (
        select(FrameworkVersion)
        .join(Framework, FrameworkVersion.framework_id == Framework.id)
        .where(FrameworkVersion.status == status)
        .order_by(
            Framework.title,
            FrameworkVersion.major,
            FrameworkVersion.minor,
            FrameworkVersion.patch,
        )
    )
    return list(session.scalars(statement))


def get_framework(session: Session, slug: str) -> Framework:
    framework = session.scalar(select(Framework).where(Framework.slug == slug))
    if framework is None:
        raise NotFound(f"There is no framework called {slug!r}.")
    return framework


def chosen_framework(session: Session, slug: str, *, field: str = "framework") -> Framework:
    """The framework a filter names: an unknown slug is input at fault, naming those there
    are, not a missing page."""
    framework = session.scalar(select(Framework).where(Framework.slug == slug))
    if framework is None:
        slugs = session.scalars(select(Framework.slug).order_by(Framework.slug))
        raise InvalidInput(
            f"There is no framework {slug!r}. Choose one of: {', '.join(slugs)}.", field=field
        )
    return framework


def check_versions(
    session: Session, framework: Framework | None, versions: Iterable[str], *, field: str
) -> None:
    """Refuse versions the framework (or, with none chosen, every framework) does not have,
    naming those it has."""
    rows = framework.versions if framework else session.scalars(select(FrameworkVersion))
    known = sorted({row.version for row in rows}, key=Version.parse)
    unknown = [version for version in versions if version not in known]
    if unknown:
        owner = framework.title if framework else "No framework"
        raise InvalidInput(
            f"{owner} has no version {', '.join(unknown)}. Its versions are {', '.join(known)}.",
            field=field,
        )


def barrier_titles(session: Session) -> dict[str, str]:
    """Every barrier id in a stored framework, titled as its newest version titles it."""
    titles: dict[str, str] = {}
    for series in stored_definitions(session).values():
        for definition in series:
            for barrier in definition.barriers:
                titles[barrier.id] = barrier.title
    return titles


def check_barrier(session: Session, barrier_id: str, *, field: str = "barrier") -> None:
    """Refuse a barrier no stored framework has, naming those there are."""
    known = barrier_titles(session)
    if barrier_id not in known:
        raise InvalidInput(
            f"There is no barrier {barrier_id!r}. Choose one of: {', '.join(sorted(known))}.",
            field=field,
        )


def get_version(session: Session, slug: str, version: str) -> FrameworkVersion:
    row = _find_version(session, get_framework(session, slug), version)
    if row is None:
        raise NotFound(f"{slug} has no version {version!r}.")
    return row


def latest_published(session: Session, framework: Framework) -> FrameworkVersion:
    """The newest published release: what new reviews are pinned to and reports default to.

    Pre-releases (such as 2.0.0-rc.1) are for trying a version out; they never pin a
    new review, and a release always outranks its own pre-releases.
    """
    published = [v for v in _versions(session, framework) if v.status == "published"]
    newest = _newest_release(published)
    if newest is None:
        raise NotFound(f"{framework.title} has no published version yet.")
    return newest


def _newest_release(versions: Iterable[FrameworkVersion]) -> FrameworkVersion | None:
    releases = [v for v in versions if is_release(v)]
    return max(releases, key=lambda v: Version.parse(v.version), default=None)


def extension_for(
    session: Session, core: FrameworkVersion, place: Place
) -> FrameworkVersion | None:
    """The place's newest published extension release of this core version, if any."""
    statement = (
        select(FrameworkVersion)
        .join(Framework, FrameworkVersion.framework_id == Framework.id)
        .where(
            Framework.place_id == place.id,
            FrameworkVersion.extends_version_id == core.id,
            FrameworkVersion.status == "published",
        )
    )
    return _newest_release(session.scalars(statement))


def stored_definitions(session: Session) -> dict[str, tuple[FrameworkDefinition, ...]]:
    """Every stored version as a definition, by slug, oldest first: what new files follow."""
    rows = session.scalars(select(FrameworkVersion).join(Framework)).all()
    by_slug: dict[str, list[FrameworkDefinition]] = {}
    for row in rows:
        by_slug.setdefault(row.framework.slug, []).append(as_definition(row))
    return {slug: tuple(sorted(ds, key=lambda d: d.semver)) for slug, ds in by_slug.items()}


def load_files(session: Session, actor: Actor, paths: Iterable[Path]) -> LoadReport:
    """Check the definition files at paths against what is stored, then store them all."""
    require_role(actor, Role.ADMIN, action="load framework versions")
    loaded = load_paths(list(paths), earlier=stored_definitions(session))
    return store_definitions(session, actor, [d for series in loaded.values() for d in series])


def load_upload(session: Session, actor: Actor, text: str, filename: str) -> LoadReport:
    """Check one uploaded definition file against what is stored, then store it."""
    require_role(actor, Role.ADMIN, action="load framework versions")
    peek = parse_yaml(text, filename).data
    if not isinstance(peek, dict):
        raise FrameworkDefinitionError(
            [
                Problem(
                    filename,
                    1,
                    None,
                    "The file must be a framework definition: a mapping "
                    "of keys such as slug, title and version.",
                )
            ]
        )
    earlier = stored_definitions(session)
    slug, version = str(peek.get("slug", "")), str(peek.get("version", ""))
    try:
        semver = Version.parse(version)
    except ValueError:
        semver = None
    predecessor = previous_release(earlier.get(slug, ()), semver) if semver is not None else None
    extends = peek.get("extends")
    if isinstance(extends, dict):
        cores = earlier.get(str(extends.get("slug")), ())
        core = next((d for d in cores if d.version == str(extends.get("version"))), None)
        if core is None:
            raise FrameworkDefinitionError(
                [
                    Problem(
                        filename,
                        None,
                        None,
                        f"This extension extends {extends.get('slug')} "
                        f"{extends.get('version')}, which has not been loaded. Load it first.",
                    )
                ]
            )
        definition = parse_extension(text, filename, core, predecessor=predecessor)
    else:
        definition = parse_definition(text, filename, predecessor=predecessor)
    if predecessor is not None:
        check_version_bump(predecessor, definition)
    return store_definitions(session, actor, [definition])
