"""login, refreshToken and logout."""

from __future__ import annotations

from typing import Annotated

import strawberry

from saas.errors import Throttled, Unauthenticated
from saas.identity import service
from saas.schema.context import Info
from saas.schema.errors import WithoutSavepoint
from saas.schema.identity.types import Session, User
from saas.schema.permissions import public


@strawberry.input(description="E-mail and password.")
class LoginInput:
    email: str = strawberry.field(description="The account's sign-in e-mail.")
    password: str = strawberry.field(
        description="The account's password. After repeated failures the account is throttled for"
        " a while (LoginThrottled)."
    )


@strawberry.input(description="A refresh token from login or refreshToken.")
class RefreshTokenInput:
    refresh_token: str = strawberry.field(
        description="The refreshToken of the latest Session; each works once."
    )


@strawberry.input(description="The refresh token of the session to end.")
class LogoutInput:
    refresh_token: str = strawberry.field(description="The refreshToken of the session to end.")


@strawberry.type(description="Wrong e-mail or password (one message for both, on purpose).")
class InvalidCredentials:
    message: str = strawberry.field(description="What to show the person signing in.")


@strawberry.type(
    description="Too many failed logins for this account, or password checks from this network; "
    "wait before trying again."
)
class LoginThrottled:
    message: str = strawberry.field(description="What to show the person signing in.")
    retry_after_seconds: int = strawberry.field(
        description="Seconds to wait before the next attempt."
    )


@strawberry.type(
    description="The refresh token is unknown, used, revoked or expired: log in again."
)
class InvalidRefreshToken:
    message: str = strawberry.field(
        description="Why the token was refused; send the person to the login screen."
    )


@strawberry.type(description="The session has ended.")
class LogoutSuccess:
    ok: bool = strawberry.field(default=True, description="Always true.")


LoginResult = Annotated[
    Session | InvalidCredentials | LoginThrottled,
    strawberry.union("LoginResult", description="A session, or why the login failed."),
]
RefreshTokenResult = Annotated[
    Session | InvalidRefreshToken,
    strawberry.union(
        "RefreshTokenResult", description="A new session, or why the refresh token was refused."
    ),
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
        extensions=[*public(), WithoutSavepoint()],
    )
    async def login(
        self,
        info: Info,
        input: Annotated[LoginInput, strawberry.argument(description="E-mail and password.")],
    ) -> LoginResult:
        # Not in a savepoint: a failed attempt must be committed to count.
        request = info.context.request
        try:
            session = await service.login(
                info.context.settings,
                input.email,
                input.password,
                limiter=getattr(request.app.state, "limiter", None),
                client=request.client.host if request.client else "unknown",
            )
            return _session(session)
        except Throttled as exc:
            return LoginThrottled(message=exc.message, retry_after_seconds=exc.retry_after_seconds)
        except Unauthenticated as exc:
            return InvalidCredentials(message=exc.message)

    @strawberry.mutation(
        description="Trade a refresh token for a new session. Each refresh token works once.",
        extensions=[*public(), WithoutSavepoint()],
    )
    async def refresh_token(
        self,
        info: Info,
        input: Annotated[
            RefreshTokenInput, strawberry.argument(description="The refresh token to trade.")
        ],
    ) -> RefreshTokenResult:
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
        extensions=[*public(), WithoutSavepoint()],
    )
    async def logout(
        self,
        input: Annotated[
            LogoutInput, strawberry.argument(description="The refresh token of the session to end.")
        ],
    ) -> LogoutSuccess:
        await service.logout(input.refresh_token)
        return LogoutSuccess()
