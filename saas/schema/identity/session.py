"""login, refreshToken and logout."""

from __future__ import annotations

from typing import Annotated

import strawberry

from saas.errors import Throttled, Unauthenticated
from saas.identity import service
from saas.schema.context import Info
from saas.schema.described import described
from saas.schema.errors import WithoutSavepoint, result_union
from saas.schema.identity.types import Session, User
from saas.schema.permissions import public


@strawberry.input(description="E-mail and password.")
@described
class LoginInput:
    """
    Attributes:
        email: The account's sign-in e-mail.
        password: The account's password. After repeated failures the account is throttled for a
            while (LoginThrottled).
    """

    email: str
    password: str


@strawberry.input(description="A refresh token from login or refreshToken.")
@described
class RefreshTokenInput:
    """
    Attributes:
        refresh_token: The refreshToken of the latest Session; each works once.
    """

    refresh_token: str


@strawberry.input(description="The refresh token of the session to end.")
@described
class LogoutInput:
    """
    Attributes:
        refresh_token: The refreshToken of the session to end.
    """

    refresh_token: str


@strawberry.type(description="Wrong e-mail or password (one message for both, on purpose).")
@described
class InvalidCredentials:
    """
    Attributes:
        message: What to show the person signing in.
    """

    message: str


@strawberry.type(
    description="Too many failed logins for this account, or password checks from this network; "
    "wait before trying again."
)
@described
class LoginThrottled:
    """
    Attributes:
        message: What to show the person signing in.
        retry_after_seconds: Seconds to wait before the next attempt.
    """

    message: str
    retry_after_seconds: int


@strawberry.type(
    description="The refresh token is unknown, used, revoked or expired: log in again."
)
@described
class InvalidRefreshToken:
    """
    Attributes:
        message: Why the token was refused; send the person to the login screen.
    """

    message: str


@strawberry.type(description="The session has ended.")
@described
class LogoutSuccess:
    """
    Attributes:
        ok: Always true.
    """

    ok: bool = True


LoginResult = result_union(
    "LoginResult",
    Session | InvalidCredentials | LoginThrottled,
    "A session, or why the login failed.",
)
RefreshTokenResult = result_union(
    "RefreshTokenResult",
    Session | InvalidRefreshToken,
    "A new session, or why the refresh token was refused.",
)


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
