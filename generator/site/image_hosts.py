"""Downloads that reach only public hosts, for mirroring the images documents point at.

A collected document chooses the URLs, so by default no image is fetched from a host that is,
or resolves to, a loopback, private, link-local (cloud metadata), multicast or otherwise
non-global address, at any redirect hop (`mirror_private_addresses: true` allows them). The
name is resolved once and the socket connects to an address from that one answer, so a second
lookup cannot swap in an internal address (DNS rebinding). Through a proxy from the
environment (`http_proxy`, `https_proxy`), the proxy makes the connection: the target is still
checked when it resolves here, and one that does not is left to the proxy.
"""

from __future__ import annotations

import functools
import http.client
import ipaddress
import socket
import ssl
import time
import urllib.error
import urllib.request
from urllib.parse import urlsplit


MAX_INTERIM_RESPONSES = 10    # `100 Continue` before the answer: one is usual
MAX_TRAILER_LINES = 100       # after a chunked body (http.client allows 100 header lines too)


def is_remote(src: str) -> bool:
    return urlsplit(src).scheme.lower() in ("http", "https")


class RefusedAddress(ValueError):
    """The image's host is, or resolves to, an address mirroring does not fetch from."""


# Global by the ipaddress module of some Python versions, yet internal: the IETF protocol
# block (192.0.0.192 was a cloud metadata address) and Azure's platform endpoint.
_INTERNAL = (ipaddress.ip_network("192.0.0.0/24"), ipaddress.ip_network("168.63.129.16/32"))
_NAT64 = ipaddress.ip_network("64:ff9b::/96")   # DNS64: an IPv4 host reached over IPv6


def address_kind(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str:
    """What kind of address `ip` is ("loopback", "private" ...), or "" for a global one."""
    if ip.version == 6:
        if ip.ipv4_mapped:          # ::ffff:127.0.0.1 is 127.0.0.1
            return address_kind(ip.ipv4_mapped)
        if ip in _NAT64:            # 64:ff9b::5db8:d822 is 93.184.216.34 (not "reserved")
            return address_kind(ipaddress.IPv4Address(int(ip) & 0xFFFF_FFFF))
        if ip.sixtofour and address_kind(ip.sixtofour):   # 2002:7f00:1:: carries 127.0.0.1
            return address_kind(ip.sixtofour)
        if ip.is_site_local:
            return "site-local"
    elif any(ip in network for network in _INTERNAL):
        return "internal"
    # is_global alone lets multicast (224.0.0.1, ff02::1) and some reserved ranges through
    for kind, flag in (("unspecified", ip.is_unspecified), ("loopback", ip.is_loopback),
                       ("link-local", ip.is_link_local), ("multicast", ip.is_multicast),
                       ("reserved", ip.is_reserved), ("private", ip.is_private)):
        if flag:
            return kind
    return "" if ip.is_global else "non-global"


def checked_addresses(host: str, port: int, allow_private: bool = False) -> list[tuple]:
    """`socket.getaddrinfo`'s answers for `host`, every one checked: raises RefusedAddress
    when any of them is not global (unless `allow_private`), OSError when there is none.
    Resolving is what catches `localhost`, `127.1`, `0x7f.1` and names pointing inside."""
    answers = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    if allow_private:
        return answers
    for *_, sockaddr in answers:
        address = sockaddr[0]
        kind = address_kind(ipaddress.ip_address(address))
        if kind:
            what = f"{host} is" if host == address else f"{host} resolves to {address},"
            article = "an" if kind[0] in "aeiou" else "a"
            raise RefusedAddress(f"refused: {what} {article} {kind} address "
                                 "(set mirror_private_addresses: true to allow)")
    return answers


class Deadline:
    """The moment a download must be over by. Sockets made for it (`DeadlineSocket`) take the
    time left as their timeout before each receive and send: a per-operation timeout alone
    lets a server that sends one byte every few seconds keep a download alive for ever."""

    def __init__(self, seconds: float) -> None:
        self.seconds, self.at = seconds, time.monotonic() + seconds

    def left(self) -> float:
        """Seconds left; raises TimeoutError when there are none."""
        left = self.at - time.monotonic()
        if left <= 0:
            raise self.expired()
        return left

    def expired(self) -> TimeoutError:
        return TimeoutError(f"timed out: the download took longer than {self.seconds:g} s")


class _DeadlineMixin:
    """recv/recv_into/send/sendall with the timeout set to what is left of `deadline`. (The
    socket's own makefile(), which http.client reads from, calls recv_into; an SSL socket's
    reads and writes go through these too. Each call is then one bounded wait: CPython
    bounds sendall and a TLS read by the timeout as a whole.)"""

    deadline: Deadline | None = None

    def arm(self) -> None:
        if self.deadline is not None:
            self.settimeout(self.deadline.left())

    def _within_deadline(self, operation, *args):
        if self.deadline is None:
            return operation(*args)
        self.settimeout(self.deadline.left())
        try:
            return operation(*args)
        except TimeoutError:   # the timeout was the time left: the deadline has passed
            raise self.deadline.expired() from None

    def recv(self, *args):
        return self._within_deadline(super().recv, *args)

    def recv_into(self, *args):
        return self._within_deadline(super().recv_into, *args)

    def send(self, *args):
        return self._within_deadline(super().send, *args)

    def sendall(self, *args):
        return self._within_deadline(super().sendall, *args)


class DeadlineSocket(_DeadlineMixin, socket.socket):
    pass


class DeadlineSSLSocket(_DeadlineMixin, ssl.SSLSocket):
    pass   # made by an SSLContext whose sslsocket_class it is


def connect_checked(host: str, port: int, timeout: object, source_address: tuple | None,
                    allow_private: bool, deadline: Deadline | None = None) -> socket.socket:
    """A socket connected to an address of `host` that passed the check, keeping to
    `deadline` from then on. The name is resolved once and only that answer is tried, so a
    second lookup cannot return another address between the check and the connection (DNS
    rebinding). (The lookup itself is not bounded by the deadline: images.fetch_all bounds
    the whole batch.)"""
    error: OSError | None = None
    for family, kind, proto, _, sockaddr in checked_addresses(host, port, allow_private):
        sock = DeadlineSocket(family, kind, proto)
        sock.deadline = deadline
        try:
            if deadline is not None:
                sock.arm()
            elif isinstance(timeout, (int, float)):   # else http.client's "no timeout given"
                sock.settimeout(timeout)
            if source_address:
                sock.bind(source_address)
            sock.connect(sockaddr)
            return sock
        except OSError as exc:
            sock.close()
            error = exc
    raise error or OSError(f"{host} has no address")


class _BoundedResponse(http.client.HTTPResponse):
    """http.client's response, with a count on the two loops it leaves unbounded: the status
    lines of interim answers (it skips any number of `100 Continue`) and the trailer lines
    after a chunked body. (Both are private methods of http.client, stable since 3.5.)"""

    _statuses = 0

    def _read_status(self):
        self._statuses += 1
        if self._statuses > MAX_INTERIM_RESPONSES + 1:
            raise http.client.HTTPException(
                f"more than {MAX_INTERIM_RESPONSES} interim (1xx) responses")
        return super()._read_status()

    def _read_and_discard_trailer(self) -> None:
        for _ in range(MAX_TRAILER_LINES + 1):
            line = self.fp.readline(http.client._MAXLINE + 1)
            if len(line) > http.client._MAXLINE:
                raise http.client.LineTooLong("trailer line")
            if line in (b"\r\n", b"\n", b""):
                return
        raise http.client.HTTPException(f"more than {MAX_TRAILER_LINES} trailer lines")


class _CheckedHTTPConnection(http.client.HTTPConnection):
    """Connects through connect_checked (http.client's `_create_connection` hook), so to a
    checked address unless `allow_private`, and keeps to `deadline`."""

    response_class = _BoundedResponse

    def __init__(self, host: str, *, allow_private: bool, deadline: Deadline | None = None,
                 **kwargs) -> None:
        super().__init__(host, **kwargs)
        self.allow_private, self.deadline = allow_private, deadline
        self._create_connection = self._connect_checked

    def _connect_checked(self, address: tuple, timeout: object,
                         source_address: tuple | None = None) -> socket.socket:
        return connect_checked(address[0], address[1], timeout, source_address,
                               self.allow_private, self.deadline)


class _CheckedHTTPSConnection(_CheckedHTTPConnection, http.client.HTTPSConnection):
    def connect(self) -> None:
        http.client.HTTPConnection.connect(self)   # (and through a proxy, its CONNECT)
        self.sock.arm()                             # the handshake gets what is left
        # connected to an address, but the certificate and SNI are checked for the URL's name
        self.sock = self._context.wrap_socket(self.sock,
                                              server_hostname=self._tunnel_host or self.host)
        self.sock.deadline = self.deadline


def _connection_for(req: urllib.request.Request, connection, allow_private: bool,
                    deadline: Deadline | None):
    """The `connection` class for `req`, bound to the checked addresses of the URL's host;
    or, when urllib sends `req` through a proxy from the environment, free to connect to the
    proxy (the user's choice) after checking the target host as far as it resolves here: a
    name only the proxy can resolve is left to the proxy."""
    if req.has_proxy() or req._tunnel_host:   # how urllib itself marks a proxied request
        if not allow_private:
            _check_proxied_target(req)
        allow_private = True
    return functools.partial(connection, allow_private=allow_private, deadline=deadline)


def _check_proxied_target(req: urllib.request.Request) -> None:
    # the target as urllib reads it, percent-decoded (req.host is now the proxy's)
    host = urlsplit(f"//{urllib.request.Request(req.full_url).host}").hostname or ""
    try:
        checked_addresses(host, 0)
    except socket.gaierror:
        if "%" in urlsplit(req.full_url).netloc:   # an encoded host is no intranet name
            raise RefusedAddress(f"refused: the percent-encoded host {host} does not resolve "
                                 "here") from None
        # not resolvable here (an intranet name the proxy knows?): the proxy decides


class _CheckedHTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, allow_private: bool, deadline: Deadline | None) -> None:
        super().__init__()
        self.allow_private, self.deadline = allow_private, deadline

    def http_open(self, req):
        return self.do_open(_connection_for(req, _CheckedHTTPConnection, self.allow_private,
                                            self.deadline), req)


class _CheckedHTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, allow_private: bool, deadline: Deadline | None) -> None:
        super().__init__()
        self.allow_private, self.deadline = allow_private, deadline
        self.tls = ssl.create_default_context()
        self.tls.sslsocket_class = DeadlineSSLSocket

    def https_open(self, req):
        return self.do_open(_connection_for(req, _CheckedHTTPSConnection, self.allow_private,
                                            self.deadline), req, context=self.tls)


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects only to http(s) URLs (never file:, ftp: ...). Each hop is opened by
    the handlers above, so its host is checked like the first."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if not is_remote(newurl):
            raise urllib.error.URLError(f"redirect to a non-http URL: {newurl}")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def checked_opener(allow_private: bool,
                   deadline: Deadline | None = None) -> urllib.request.OpenerDirector:
    """An opener for one download (proxies are read from the environment then, as urllib
    does), every connection of it, redirects included, keeping to `deadline`."""
    return urllib.request.build_opener(_HttpOnlyRedirects,
                                       _CheckedHTTPHandler(allow_private, deadline),
                                       _CheckedHTTPSHandler(allow_private, deadline))
