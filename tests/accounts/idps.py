"""Real identity providers for the SSO tests, run as subprocesses on free 127.0.0.1 ports.

- ``SimpleSamlPhp``: Debian's SimpleSAMLphp (``apt-get install simplesamlphp php-cli``) served by
  PHP's built-in web server, acting as a SAML 2.0 IdP with a username/password login form.
- ``OidcProvider``: the npm package ``oidc-provider`` in ``oidc_provider.mjs``.

Both read their users from files on every request, so a test can change a user's attributes at
the IdP between two sign-ins.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import socket
import subprocess
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

SIMPLESAMLPHP_ROOT = Path("/usr/share/simplesamlphp")
REPO_ROOT = Path(__file__).resolve().parents[2]
OIDC_SCRIPT = Path(__file__).with_name("oidc_provider.mjs")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def self_signed(directory: Path, name: str) -> tuple[Path, Path]:
    """Write ``<name>.key`` and ``<name>.crt`` (RSA 2048, valid for a day) and return their paths."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    key_path, crt_path = directory / f"{name}.key", directory / f"{name}.crt"
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption(),
        )
    )
    crt_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return key_path, crt_path


def cert_body(crt_path: Path) -> str:
    """The base64 body of a PEM certificate, as SAML metadata wants it."""
    lines = crt_path.read_text().strip().splitlines()
    return "".join(line for line in lines if "CERTIFICATE" not in line)


def wait_for(url: str, process: subprocess.Popen, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args[0]} exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 (our own local server)
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {timeout} s")


def php_value(value) -> str:
    """A Python str / list / dict / bool as a PHP literal (enough for SimpleSAMLphp config)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(php_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "[" + ", ".join(f"{php_value(k)} => {php_value(v)}" for k, v in value.items()) + "]"
    raise TypeError(type(value))


@dataclass
class SamlUser:
    """A test account at the SAML IdP: password and attributes by their LDAP names."""

    username: str
    password: str
    attributes: dict[str, list[str]] = field(default_factory=dict)


class SimpleSamlPhp:
    """SimpleSAMLphp as a SAML 2.0 IdP for one SP, with its own config under ``directory``."""

    @staticmethod
    def available() -> bool:
        """SimpleSAMLphp, PHP's CLI and the PHP extensions it needs (php-xml, php-mbstring)."""
        php = shutil.which("php")
        if not (SIMPLESAMLPHP_ROOT / "www").is_dir() or php is None:
            return False
        modules = subprocess.run(  # noqa: S603 (fixed arguments)
            [php, "-m"], capture_output=True, text=True, check=False
        ).stdout.lower()
        return all(module in modules.split() for module in ("dom", "mbstring", "openssl"))

    def __init__(self, directory: Path, users: list[SamlUser]):
        self.dir = directory
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.metadata_url = f"{self.base_url}/saml2/idp/metadata.php"
        self.entity_id = self.metadata_url
        for sub in ("config", "metadata", "cert", "log", "data", "tmp", "sessions"):
            (self.dir / sub).mkdir(parents=True, exist_ok=True)
        self.key, self.crt = self_signed(self.dir / "cert", "idp")
        self._write_config()
        self.set_users(users)
        self.process: subprocess.Popen | None = None

    def _write(self, relative: str, variable: str, value) -> None:
        body = f"<?php\n${variable} = {php_value(value)};\n"
        (self.dir / relative).write_text(body)

    def _write_config(self) -> None:
        d = self.dir
        config = {
            "baseurlpath": f"{self.base_url}/",
            "certdir": f"{d}/cert/",
            "loggingdir": f"{d}/log/",
            "datadir": f"{d}/data/",
            "tempdir": f"{d}/tmp/",  # noqa: S108 (inside our own temporary directory)
            "metadata.sources": [{"type": "flatfile", "directory": f"{d}/metadata"}],
            "technicalcontact_name": "Test IdP",
            "technicalcontact_email": "idp@example.edu",
            "secretsalt": os.urandom(16).hex(),
            "auth.adminpassword": os.urandom(16).hex(),
            "admin.protectindexpage": True,
            "admin.protectmetadata": False,
            "timezone": "UTC",
            "attributenamemapdir": "/etc/simplesamlphp/attributemap/",
            "logging.handler": "file",
            "logging.logfile": "simplesamlphp.log",
            "enable.saml20-idp": True,
            "store.type": "phpsession",
            "session.phpsession.savepath": f"{d}/sessions",
            "session.cookie.secure": False,
            "session.cookie.name": "IdPSession",
            "session.phpsession.cookiename": "IdPPHPSESSID",
            "module.enable": {"exampleauth": True, "core": True, "saml": True, "admin": True},
            "language.default": "en",
            "theme.use": "default",
            "production": False,
        }
        self._write("config/config.php", "config", config)
        # Attributes go out under their OID names (urn:oid:...), as a Shibboleth IdP sends them.
        hosted = {
            "__DYNAMIC:1__": {
                "host": "__DEFAULT__",
                "privatekey": str(self.key),
                "certificate": str(self.crt),
                "auth": "campus-login",
                "attributes.NameFormat": "urn:oasis:names:tc:SAML:2.0:attrname-format:uri",
                "authproc": {100: {"class": "core:AttributeMap", 0: "name2oid"}},
                "NameIDFormat": "urn:oasis:names:tc:SAML:2.0:nameid-format:transient",
                "saml20.sign.response": True,
                "saml20.sign.assertion": True,
            }
        }
        self._write("metadata/saml20-idp-hosted.php", "metadata", hosted)
        self._write("metadata/saml20-sp-remote.php", "metadata", {})

    def set_users(self, users: list[SamlUser]) -> None:
        """(Re)write the accounts; SimpleSAMLphp reads them on the next login."""
        source: dict = {0: "exampleauth:UserPass"}
        for user in users:
            source[f"{user.username}:{user.password}"] = user.attributes
        self._write(
            "config/authsources.php",
            "config",
            {"admin": ["core:AdminPassword"], "campus-login": source},
        )

    def register_sp(self, entity_id: str, acs_urls: list[str], slo_url: str, sp_crt: Path) -> None:
        """Tell the IdP about our SP (what a campus IT team does with our metadata)."""
        sp = {
            entity_id: {
                "AssertionConsumerService": [
                    {
                        "index": i,
                        "Binding": "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST",
                        "Location": url,
                    }
                    for i, url in enumerate(acs_urls)
                ],
                "SingleLogoutService": [
                    {
                        "Binding": "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect",
                        "Location": slo_url,
                    }
                ],
                "certData": cert_body(sp_crt),
                "NameIDFormat": "urn:oasis:names:tc:SAML:2.0:nameid-format:transient",
                "validate.logout": True,
            }
        }
        self._write("metadata/saml20-sp-remote.php", "metadata", sp)

    def _opcache_blacklist(self) -> Path:
        blacklist = self.dir / "opcache-blacklist.txt"
        blacklist.write_text(f"{self.dir.resolve()}/*\n")
        return blacklist

    def start(self) -> None:
        env = {**os.environ, "SIMPLESAMLPHP_CONFIG_DIR": str(self.dir / "config")}
        log = (self.dir / "log" / "php-server.log").open("wb")
        self.process = subprocess.Popen(  # noqa: S603 (fixed arguments)
            [
                shutil.which("php") or "php",
                # OPcache (on by default for PHP's built-in server) re-reads a changed PHP file
                # only every opcache.revalidate_freq (2) seconds, so users or SP metadata that a
                # test rewrites were served stale when the next sign-in came sooner: the SAML flake.
                # Our own files (all under self.dir) are never cached; SimpleSAMLphp's are, which
                # makes each request ten times faster than with OPcache off (5 ms, not 50).
                "-d",
                f"opcache.blacklist_filename={self._opcache_blacklist()}",
                "-S",
                f"127.0.0.1:{self.port}",
                "-t",
                str(SIMPLESAMLPHP_ROOT / "www"),
            ],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        wait_for(self.metadata_url, self.process)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)

    def log_text(self) -> str:
        return "\n".join(p.read_text(errors="replace") for p in (self.dir / "log").glob("*"))


@dataclass
class OidcAccount:
    """A test account at the OpenID Provider: password and the claims it releases."""

    username: str
    password: str
    claims: dict = field(default_factory=dict)


class OidcProvider:
    """The npm ``oidc-provider`` (see ``oidc_provider.mjs``) with one confidential client."""

    available = (
        shutil.which("node") is not None and (REPO_ROOT / "node_modules" / "oidc-provider").is_dir()
    )

    def __init__(
        self,
        directory: Path,
        accounts: list[OidcAccount],
        *,
        client_id: str,
        client_secret: str,
        redirect_uris: list[str],
        post_logout_redirect_uris: list[str] = (),
    ):
        self.dir = directory
        self.dir.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.issuer = f"http://127.0.0.1:{self.port}"
        self.accounts_file = self.dir / "accounts.json"
        self.set_accounts(accounts)
        client = {
            "client_id": client_id,
            "client_secret": client_secret,
            "redirect_uris": list(redirect_uris),
            "post_logout_redirect_uris": list(post_logout_redirect_uris),
            "response_types": ["code"],
            "grant_types": ["authorization_code"],
            "token_endpoint_auth_method": "client_secret_post",
        }
        self.config_file = self.dir / "config.json"
        self.config_file.write_text(
            json.dumps(
                {"port": self.port, "clients": [client], "accounts_file": str(self.accounts_file)}
            )
        )
        self.process: subprocess.Popen | None = None

    def set_accounts(self, accounts: list[OidcAccount]) -> None:
        data = {a.username: {"password": a.password, "claims": a.claims} for a in accounts}
        self.accounts_file.write_text(json.dumps(data))

    def start(self) -> None:
        log = (self.dir / "provider.log").open("wb")
        self.process = subprocess.Popen(  # noqa: S603 (fixed arguments)
            [shutil.which("node") or "node", str(OIDC_SCRIPT), str(self.config_file)],
            cwd=REPO_ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        wait_for(f"{self.issuer}/.well-known/openid-configuration", self.process)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)

    def log_text(self) -> str:
        return (self.dir / "provider.log").read_text(errors="replace")
