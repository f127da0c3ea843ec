"""A control character in a request header (NUL in Content-Type crashed Django's request
parsing with a 500) is answered 400 by the WSGI entry point, before Django reads the request."""

import io
import socket
import threading

import pytest
from django.core.servers.basehttp import WSGIRequestHandler, WSGIServer

from cop_site.wsgi import application

BAD_HEADERS = [
    {"CONTENT_TYPE": "application/x-www-form-urlencoded; charset=\x00"},
    {"CONTENT_TYPE": "multipart/form-data; boundary=\x00"},
    {"HTTP_X_REQUESTED_WITH": "XMLHttp\x1bRequest"},
    {"HTTP_COOKIE": "sessionid=abc\x00"},
    {"CONTENT_LENGTH": "3\x7f"},
]


def _call(extra: dict) -> tuple[str, bytes]:
    environ = {
        "REQUEST_METHOD": "POST", "PATH_INFO": "/propose/", "QUERY_STRING": "",
        "SERVER_NAME": "testserver", "SERVER_PORT": "80", "HTTP_HOST": "testserver",
        "wsgi.input": io.BytesIO(b"a=b"), "CONTENT_LENGTH": "3", "wsgi.url_scheme": "http",
        "wsgi.errors": io.StringIO(), **extra,
    }  # fmt: skip
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer["status"] = status

    body = b"".join(application(environ, start_response))
    return answer["status"], body


@pytest.mark.parametrize("headers", BAD_HEADERS)
def test_a_control_character_in_a_header_is_a_400(db, headers):
    status, body = _call(headers)
    assert status.startswith("400")
    assert b"control character" in body


def test_ordinary_headers_with_a_tab_and_utf8_still_reach_the_site(db):
    status, _ = _call(
        {
            "CONTENT_TYPE": "text/plain;\tcharset=utf-8",
            "HTTP_USER_AGENT": "Caf\xc3\xa9 \xe2\x82\xac",
        }
    )
    assert not status.startswith(("400", "500"))


@pytest.fixture
def wsgi_server(db):
    """The site as ``manage.py runserver`` serves it (settings.WSGI_APPLICATION), on a free port."""
    server = WSGIServer(("127.0.0.1", 0), WSGIRequestHandler)
    server.set_app(application)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def test_the_served_site_answers_400_to_nul_in_content_type(wsgi_server):
    request = (
        b"POST /propose/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 3\r\n"
        b"Content-Type: application/x-www-form-urlencoded; charset=\x00\r\n"
        b"Connection: close\r\n\r\na=b"
    )
    with socket.create_connection(("127.0.0.1", wsgi_server), timeout=10) as conn:
        conn.sendall(request)
        reply = b""
        while chunk := conn.recv(65536):
            reply += chunk
    assert reply.startswith(b"HTTP/1.1 400"), reply[:200]
