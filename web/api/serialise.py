"""Domain objects as the JSON the OpenAPI document describes."""

from __future__ import annotations

from typing import Any

from outcomes.frameworks import FrameworkDefinition
from outcomes.frameworks.models import Framework, FrameworkVersion
from outcomes.places.models import Place
from outcomes.services.models import Service


def place_summary(place: Place) -> dict[str, Any]:
    return {
        "code": place.code,
        "name": place.name,
        "kind": place.kind.value,
        "current": place.is_current,
    }


def place_detail(place: Place) -> dict[str, Any]:
    return {
        **place_summary(place),
        "parents": [place_summary(p) for p in place.ancestors],
        "children": [place_summary(p) for p in place.children],
        "superseded_by": place_summary(place.superseded_by) if place.superseded_by else None,
        "predecessors": [place_summary(p) for p in place.predecessors],
    }


def service(item: Service) -> dict[str, Any]:
    return {
        "id": item.id,
        "name": item.name,
        "place": place_summary(item.place),
        "service_area": item.service_area,
        "partners": list(item.partners),
    }


def version_summary(version: FrameworkVersion) -> dict[str, Any]:
    return {
        "version": version.version,
        "status": version.status,
        "released": version.released.isoformat(),
        "sha256": version.sha256,
        "change_class": version.change_class,
    }


def framework(item: Framework) -> dict[str, Any]:
    return {
        "slug": item.slug,
        "title": item.title,
        "place": item.place.code if item.place else None,
        "versions": [version_summary(v) for v in item.versions],
    }


def version_detail(version: FrameworkVersion, definition: FrameworkDefinition) -> dict[str, Any]:
    """The version's summary with its whole definition: scales, principles, items…"""
    return {**version_summary(version), "slug": definition.slug, "definition": definition.to_dict()}
