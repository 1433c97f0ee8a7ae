"""Permission classes backed by casbin. Each adds a directive, so the printed
schema shows what every field needs: `@requiresPermission(resource, action)`,
`@authenticated` (any signed-in caller) or `@public`."""

from __future__ import annotations

from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.extensions.field_extension import FieldExtension
from strawberry.permission import BasePermission, PermissionExtension
from strawberry.schema_directive import Location


@strawberry.schema_directive(
    locations=[Location.FIELD_DEFINITION],
    name="requiresPermission",
    description="The caller needs this permission (policies/policy.csv) in one of its roles.",
)
class RequiresPermission:
    resource: str
    action: str


@strawberry.schema_directive(
    locations=[Location.FIELD_DEFINITION],
    name="authenticated",
    description="Any signed-in caller (access token or API key) may use this field.",
)
class AuthenticatedDirective:
    pass


@strawberry.schema_directive(
    locations=[Location.FIELD_DEFINITION],
    name="public",
    description="Anyone may call this field, signed in or not.",
)
class PublicDirective:
    pass


def unauthenticated() -> GraphQLError:
    return GraphQLError(
        "sign in first: send 'Authorization: Bearer <access token or API key>'",
        extensions={"code": "UNAUTHENTICATED"},
    )


def forbidden(message: str) -> GraphQLError:
    return GraphQLError(message, extensions={"code": "FORBIDDEN"})


class HasPermission(BasePermission):
    def __init__(self, resource: str, action: str) -> None:
        self.resource = resource
        self.action = action
        # Strawberry reads a per-instance directive, though it annotates a ClassVar.
        self._schema_directive = RequiresPermission(resource=resource, action=action)  # type: ignore[misc]

    def has_permission(self, source: Any, info: strawberry.Info, **kwargs: Any) -> bool:
        actor = info.context.actor
        if actor is None:
            raise unauthenticated()
        if not actor.can(self.resource, self.action):
            raise forbidden(f"you need the permission {self.resource}:{self.action}")
        return True


class IsAuthenticated(BasePermission):
    _schema_directive = AuthenticatedDirective()

    def has_permission(self, source: Any, info: strawberry.Info, **kwargs: Any) -> bool:
        if info.context.actor is None:
            raise unauthenticated()
        return True


class Public(BasePermission):
    _schema_directive = PublicDirective()

    def has_permission(self, source: Any, info: strawberry.Info, **kwargs: Any) -> bool:
        return True


MARKER_DIRECTIVES = (RequiresPermission, AuthenticatedDirective, PublicDirective)


def requires(resource: str, action: str) -> list[FieldExtension]:
    """Field extensions for a field that needs `resource:action`."""
    return [PermissionExtension(permissions=[HasPermission(resource, action)])]


def authenticated() -> list[FieldExtension]:
    return [PermissionExtension(permissions=[IsAuthenticated()])]


def public() -> list[FieldExtension]:
    return [PermissionExtension(permissions=[Public()])]
