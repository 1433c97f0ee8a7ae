"""GraphQL over HTTP (the GraphQL Foundation's spec): which media type to
answer in, which status a request error gets, and requests refused before
anything runs. Every refusal is JSON with `extensions.code`, never text."""

from __future__ import annotations

from collections.abc import Mapping

import orjson
from starlette.responses import Response

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"

CODE_OF_STATUS = {
    400: "BAD_REQUEST",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    406: "NOT_ACCEPTABLE",
    413: "PAYLOAD_TOO_LARGE",
    415: "UNSUPPORTED_MEDIA_TYPE",
}


class RequestRefused(Exception):
    """A request answered with an error before any operation runs."""

    def __init__(
        self, status: int, code: str, message: str, headers: Mapping[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.headers = dict(headers or {})


def response_media_type(accept: str | None) -> str:
    """`application/graphql-response+json` when the client prefers it (or
    accepts only it), else `application/json`, the legacy default."""
    if not accept:
        return JSON
    weights: dict[str, float] = {}
    for part in accept.split(","):
        media, *params = (p.strip() for p in part.split(";"))
        quality = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        weights[media.lower()] = max(quality, weights.get(media.lower(), 0.0))
    if weights.get(GRAPHQL_RESPONSE, 0.0) > 0 and weights[GRAPHQL_RESPONSE] >= max(
        weights.get(JSON, 0.0), weights.get("*/*", 0.0), weights.get("application/*", 0.0)
    ):
        return GRAPHQL_RESPONSE
    return JSON


def content_type(media_type: str) -> str:
    return f"{media_type}; charset=utf-8" if media_type == GRAPHQL_RESPONSE else media_type


def refusal(
    status: int, code: str, message: str, media_type: str = JSON, headers: Mapping[str, str] = {}
) -> Response:
    body = orjson.dumps({"errors": [{"message": message, "extensions": {"code": code}}]})
    return Response(body, status_code=status, media_type=content_type(media_type), headers=headers)


def code_of_status(status: int) -> str:
    return CODE_OF_STATUS.get(status, "BAD_REQUEST")
