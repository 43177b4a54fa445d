"""How a Frictionless field and a foreign key are written: small constructors the package's
tables are declared with. Pure."""

from __future__ import annotations

from typing import Any

Field = dict[str, Any]


def field(name: str, type_: str, description: str, **constraints: Any) -> Field:
    out: Field = {"name": name, "type": type_, "description": description}
    if constraints:
        out["constraints"] = constraints
    return out


def text_field(name: str, description: str, **constraints: Any) -> Field:
    return field(name, "string", description, **constraints)


def slug_field(name: str, what: str) -> Field:
    return text_field(name, f"{what} slug", required=True)


def refers(column: str, resource: str, key: str) -> dict[str, Any]:
    return {"fields": [column], "reference": {"resource": resource, "fields": [key]}}
