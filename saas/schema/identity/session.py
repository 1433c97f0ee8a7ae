"""login, refreshToken and logout."""

from __future__ import annotations

from typing import Annotated

import strawberry

from saas.errors import Throttled, Unauthenticated
from saas.identity import service
from saas.schema.context import Info
from saas.schema.identity.types import Session, User
from saas.schema.permissions import public


@strawberry.input(description="E-mail and password.")
class LoginInput:
    email: str
    password: str


@strawberry.input(description="A refresh token from login or refreshToken.")
class RefreshTokenInput:
    refresh_token: str


@strawberry.input(description="The refresh token of the session to end.")
class LogoutInput:
    refresh_token: str


@strawberry.type(description="Wrong e-mail or password (one message for both, on purpose).")
class InvalidCredentials:
    message: str


@strawberry.type(description="Too many failed logins for this account; wait before trying again.")
class LoginThrottled:
    message: str
    retry_after_seconds: int


@strawberry.type(
    description="The refresh token is unknown, used, revoked or expired: log in again."
)
class InvalidRefreshToken:
    message: str


@strawberry.type(description="The session has ended.")
class LogoutSuccess:
    ok: bool = True


LoginResult = Annotated[
    Session | InvalidCredentials | LoginThrottled, strawberry.union("LoginResult")
]
RefreshTokenResult = Annotated[
    Session | InvalidRefreshToken, strawberry.union("RefreshTokenResult")
]


def _session(s: service.Session) -> Session:
    return Session(
        access_token=s.access_token,
        access_token_expires_at=s.access_token_expires_at,
        refresh_token=s.refresh_token,
        refresh_token_expires_at=s.refresh_token_expires_at,
        user=User.from_model(s.user),
    )


@strawberry.type
class SessionMutations:
    @strawberry.mutation(
        description="Sign in. Returns an access token (minutes) and a refresh token (days).",
        extensions=public(),
    )
    async def login(self, info: Info, input: LoginInput) -> LoginResult:
        # Not in a savepoint: a failed attempt must be committed to count.
        try:
            return _session(await service.login(info.context.settings, input.email, input.password))
        except Throttled as exc:
            return LoginThrottled(message=exc.message, retry_after_seconds=exc.retry_after_seconds)
        except Unauthenticated as exc:
            return InvalidCredentials(message=exc.message)

    @strawberry.mutation(
        description="Trade a refresh token for a new session. Each refresh token works once.",
        extensions=public(),
    )
    async def refresh_token(self, info: Info, input: RefreshTokenInput) -> RefreshTokenResult:
        # Not in a savepoint: reuse of a rotated token must commit the revocation.
        try:
            return _session(
                await service.refresh_session(info.context.settings, input.refresh_token)
            )
        except Unauthenticated as exc:
            return InvalidRefreshToken(message=exc.message)

    @strawberry.mutation(
        description=(
            "End the session of this refresh token (its access token lapses within minutes)."
        ),
        extensions=public(),
    )
    async def logout(self, input: LogoutInput) -> LogoutSuccess:
        await service.logout(input.refresh_token)
        return LogoutSuccess()
