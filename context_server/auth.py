"""Who is calling over HTTP: bearer tokens from semctx.yml (stored as SHA-256) or JWTs signed by a configured key.

A token maps to a principal of policies.yml; a JWT's subject is the principal and its ``roles`` claim (when
present) its roles. No token, an unknown token or an expired or badly signed JWT is rejected with 401.

>>> token_hash("s3cret")[:12]
'1ec1c26b50d5'
"""

from __future__ import annotations

import hashlib
import hmac
import os
from pathlib import Path
from typing import Any, Optional

from fastmcp.server.auth import AccessToken, TokenVerifier

from semantic.errors import SemctxError
from semantic.model.config import ServeConfig


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class ProjectTokenVerifier(TokenVerifier):
    def __init__(self, settings: ServeConfig, root: Path) -> None:
        super().__init__()
        self._tokens = {t.sha256: t.principal for t in settings.tokens}
        self._jwt: Optional[Any] = None
        self._roles_claim = "roles"
        if settings.jwt is not None:
            from fastmcp.server.auth.providers.jwt import JWTVerifier

            key = _public_key(settings.jwt.public_key_file, settings.jwt.public_key_env, root)
            self._jwt = JWTVerifier(public_key=key, issuer=settings.jwt.issuer, audience=settings.jwt.audience)
            self._roles_claim = settings.jwt.roles_claim

    async def verify_token(self, token: str) -> Optional[AccessToken]:
        digest = token_hash(token)
        for known, principal in self._tokens.items():
            if hmac.compare_digest(known, digest):
                return AccessToken(token=token, client_id=principal, scopes=[], claims={"principal": principal})
        if self._jwt is not None:
            verified = await self._jwt.verify_token(token)
            if verified is not None:
                claims = dict(verified.claims or {})
                principal = str(claims.get("sub") or verified.client_id)
                roles = claims.get(self._roles_claim) or []
                return AccessToken(
                    token=token,
                    client_id=principal,
                    scopes=list(verified.scopes),
                    expires_at=verified.expires_at,
                    claims={"principal": principal, "roles": list(roles) if isinstance(roles, list) else [str(roles)]},
                )
        return None


def _public_key(path: Optional[str], env: Optional[str], root: Path) -> str:
    if path:
        return (root / path).read_text(encoding="utf-8")
    if env and os.environ.get(env):
        return os.environ[env]
    raise SemctxError("serve.jwt needs public_key_file or public_key_env naming a set environment variable")


def verifier_for(settings: ServeConfig, root: Path) -> Optional[ProjectTokenVerifier]:
    if not settings.tokens and settings.jwt is None:
        return None
    return ProjectTokenVerifier(settings, root)
