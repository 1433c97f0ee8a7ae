"""The per-request GraphQL context: who is calling, settings, and DataLoaders."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeAlias

import strawberry
from starlette.requests import Request
from starlette.responses import Response

from saas.schema.permissions import unauthenticated
from saas.settings import Settings
from saas.tenancy.actor import Actor
from saas.tenancy.authz import Authorizer

if TYPE_CHECKING:
    from saas.documents.service import DocumentCache
    from saas.events.broker import Broker
    from saas.schema.loaders import Loaders


@dataclass
class Context:
    request: Request
    response: Response
    settings: Settings
    authorizer: Authorizer
    actor: Actor | None
    loaders: Loaders
    # Live subscriptions: the event broker, and the WebSocket's connection_init payload.
    broker: Broker | None = None
    connection_params: dict[str, object] | None = None
    # The WebSocket's token, verified again while its subscriptions run.
    credential: str | None = None
    # The registered documents the request path finds by id (this process's cache).
    documents: DocumentCache | None = None

    def require_actor(self) -> Actor:
        if self.actor is None:
            raise unauthenticated()
        return self.actor


Info: TypeAlias = strawberry.Info[Context, None]
