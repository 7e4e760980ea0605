"""A small OpenID Connect issuer started in-process by the sign-in tests: discovery, authorize,
token, JWKS and userinfo, with RS256-signed ID tokens (Authlib's JOSE). It signs in whoever the
test chose with `issuer.sign_in_as(email, name)`: the authorize step is the provider's login page,
which these tests do not need to click through.

Streamlit's real `st.login` flow (Authlib's OIDC client inside Streamlit's server) talks to it
over HTTP on 127.0.0.1, as it would to Google, Entra, Okta or Keycloak.
"""

from __future__ import annotations

import json
import secrets
import threading
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from authlib.jose import JsonWebKey, jwt

CLIENT_ID = "sales-cockpit-tests"
CLIENT_SECRET = "not-a-secret"


@dataclass
class Issuer:
    url: str
    key: JsonWebKey
    user: tuple[str, str] = ("", "")  # (email, name) of the next sign-in
    codes: dict[str, dict[str, str]] = field(default_factory=dict)
    tokens_issued: int = 0

    def sign_in_as(self, email: str, name: str) -> None:
        self.user = (email, name)

    def metadata(self) -> dict[str, object]:
        return {
            "issuer": self.url,
            "authorization_endpoint": f"{self.url}/authorize",
            "token_endpoint": f"{self.url}/token",
            "jwks_uri": f"{self.url}/jwks",
            "userinfo_endpoint": f"{self.url}/userinfo",
            "end_session_endpoint": f"{self.url}/logout",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "scopes_supported": ["openid", "email", "profile"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            "code_challenge_methods_supported": ["S256"],
            "claims_supported": ["sub", "email", "name", "email_verified"],
        }

    def id_token(self, code: dict[str, str]) -> str:
        now = int(time.time())
        claims = {
            "iss": self.url,
            "sub": code["email"],
            "aud": CLIENT_ID,
            "iat": now,
            "exp": now + 600,
            "nonce": code.get("nonce", ""),
            "email": code["email"],
            "email_verified": True,
            "name": code["name"],
        }
        header = {"alg": "RS256", "kid": self.key.kid}
        return jwt.encode(header, claims, self.key).decode("ascii")


def _handler(issuer: Issuer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:  # quiet
            pass

        def _json(self, body: object, status: int = 200) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            url = urllib.parse.urlsplit(self.path)
            query = dict(urllib.parse.parse_qsl(url.query))
            if url.path == "/.well-known/openid-configuration":
                self._json(issuer.metadata())
            elif url.path == "/jwks":
                self._json({"keys": [issuer.key.as_dict(is_private=False)]})
            elif url.path == "/authorize":
                if query.get("client_id") != CLIENT_ID or not issuer.user[0]:
                    self._json({"error": "unauthorized_client"}, 400)
                    return
                code = secrets.token_urlsafe(16)
                issuer.codes[code] = {
                    "email": issuer.user[0],
                    "name": issuer.user[1],
                    "nonce": query.get("nonce", ""),
                    "redirect_uri": query.get("redirect_uri", ""),
                }
                target = (
                    query["redirect_uri"]
                    + "?"
                    + urllib.parse.urlencode({"code": code, "state": query.get("state", "")})
                )
                self.send_response(302)
                self.send_header("Location", target)
                self.end_headers()
            elif url.path == "/logout":
                target = query.get("post_logout_redirect_uri", "/")
                self.send_response(302)
                self.send_header("Location", target)
                self.end_headers()
            else:
                self._json({"error": "not_found"}, 404)

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            form = dict(urllib.parse.parse_qsl(self.rfile.read(length).decode()))
            if self.path != "/token" or form.get("grant_type") != "authorization_code":
                self._json({"error": "unsupported_grant_type"}, 400)
                return
            code = issuer.codes.pop(form.get("code", ""), None)
            if code is None or code["redirect_uri"] != form.get("redirect_uri"):
                self._json({"error": "invalid_grant"}, 400)
                return
            issuer.tokens_issued += 1
            self._json(
                {
                    "access_token": secrets.token_urlsafe(24),
                    "token_type": "Bearer",
                    "expires_in": 600,
                    "id_token": issuer.id_token(code),
                    "scope": "openid email profile",
                }
            )

    return Handler


@contextmanager
def running_issuer() -> Iterator[Issuer]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    url = f"http://127.0.0.1:{server.server_address[1]}"
    key = JsonWebKey.generate_key("RSA", 2048, is_private=True, options={"kid": "test-key"})
    issuer = Issuer(url, key)
    server.RequestHandlerClass = _handler(issuer)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield issuer
    finally:
        server.shutdown()
        server.server_close()


def secrets_toml(issuer: Issuer, app_url: str) -> str:
    """The [auth] section a user writes in .streamlit/secrets.toml, pointing at this issuer."""
    return (
        "[auth]\n"
        f'redirect_uri = "{app_url}/oauth2callback"\n'
        f'cookie_secret = "{secrets.token_hex(32)}"\n'
        f'client_id = "{CLIENT_ID}"\n'
        f'client_secret = "{CLIENT_SECRET}"\n'
        f'server_metadata_url = "{issuer.url}/.well-known/openid-configuration"\n'
    )
