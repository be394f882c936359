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
import urllib.error
import urllib.request
from urllib.parse import urlsplit


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


def connect_checked(host: str, port: int, timeout: object, source_address: tuple | None,
                    allow_private: bool) -> socket.socket:
    """A socket connected to an address of `host` that passed the check. The name is
    resolved once and only that answer is tried, so a second lookup cannot return another
    address between the check and the connection (DNS rebinding)."""
    error: OSError | None = None
    for family, kind, proto, _, sockaddr in checked_addresses(host, port, allow_private):
        sock = socket.socket(family, kind, proto)
        try:
            if isinstance(timeout, (int, float)):   # else http.client's "no timeout given"
                sock.settimeout(timeout)
            if source_address:
                sock.bind(source_address)
            sock.connect(sockaddr)
            return sock
        except OSError as exc:
            sock.close()
            error = exc
    raise error or OSError(f"{host} has no address")


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, host: str, *, allow_private: bool, **kwargs) -> None:
        super().__init__(host, **kwargs)
        self.allow_private = allow_private

    def connect(self) -> None:
        self.sock = connect_checked(self.host, self.port, self.timeout, self.source_address,
                                    self.allow_private)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host: str, *, allow_private: bool, context: ssl.SSLContext,
                 **kwargs) -> None:
        super().__init__(host, context=context, **kwargs)
        self.allow_private, self.tls = allow_private, context

    def connect(self) -> None:
        self.sock = connect_checked(self.host, self.port, self.timeout, self.source_address,
                                    self.allow_private)
        # connected to an address, but the certificate and SNI are checked for the URL's name
        self.sock = self.tls.wrap_socket(self.sock, server_hostname=self.host)


def _connection_for(req: urllib.request.Request, pinned, standard, allow_private: bool):
    """The connection class for `req`: `pinned` to the checked addresses of the URL's host,
    or, when urllib sends `req` through a proxy from the environment, the `standard` one
    (it connects to the proxy, the user's choice) after checking the target host as far as
    it resolves here: a name only the proxy can resolve is left to the proxy."""
    if not (req.has_proxy() or req._tunnel_host):   # how urllib itself marks a proxied request
        return functools.partial(pinned, allow_private=allow_private)
    if not allow_private:
        # the target as urllib reads it, percent-decoded (req.host is now the proxy's)
        host = urlsplit(f"//{urllib.request.Request(req.full_url).host}").hostname or ""
        try:
            checked_addresses(host, 0)
        except socket.gaierror:
            if "%" in urlsplit(req.full_url).netloc:   # an encoded host is no intranet name
                raise RefusedAddress(f"refused: the percent-encoded host {host} does not resolve "
                                     "here") from None
            # not resolvable here (an intranet name the proxy knows?): the proxy decides
    return standard


class _CheckedHTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, allow_private: bool) -> None:
        super().__init__()
        self.allow_private = allow_private

    def http_open(self, req):
        connection = _connection_for(req, _PinnedHTTPConnection, http.client.HTTPConnection,
                                     self.allow_private)
        return self.do_open(connection, req)


class _CheckedHTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, allow_private: bool) -> None:
        super().__init__()
        self.allow_private, self.tls = allow_private, ssl.create_default_context()

    def https_open(self, req):
        connection = _connection_for(req, _PinnedHTTPSConnection, http.client.HTTPSConnection,
                                     self.allow_private)
        return self.do_open(connection, req, context=self.tls)


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects only to http(s) URLs (never file:, ftp: ...). Each hop is opened by
    the handlers above, so its host is checked like the first."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if not is_remote(newurl):
            raise urllib.error.URLError(f"redirect to a non-http URL: {newurl}")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def checked_opener(allow_private: bool) -> urllib.request.OpenerDirector:
    # built per download: proxies are read from the environment then, as urllib does
    return urllib.request.build_opener(_HttpOnlyRedirects, _CheckedHTTPHandler(allow_private),
                                       _CheckedHTTPSHandler(allow_private))
