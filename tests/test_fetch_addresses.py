"""The address check alone: every form a forbidden address can take is refused, public ones pass.

Numeric hosts resolve locally (getaddrinfo parses them, no DNS query), as does `localhost`.
"""
from __future__ import annotations

import ipaddress

import pytest

from service.articles.fetch import FetchError, RefusedURL, blocked_reason, check_url, resolve

BLOCKED = [
    # IPv4
    "127.0.0.1", "127.255.255.254", "10.0.0.1", "172.16.5.4", "172.31.255.255", "192.168.1.1",
    "169.254.169.254",  # cloud metadata (link-local)
    "0.0.0.0", "0.1.2.3", "100.64.0.1",  # unspecified, "this network", shared (CGNAT)
    "192.0.0.8", "192.0.2.1", "198.18.0.1", "198.51.100.7", "203.0.113.9",  # special/test nets
    "224.0.0.1", "239.255.255.250", "240.0.0.1", "255.255.255.255",  # multicast, reserved, broadcast
    # IPv6
    "::", "::1", "fe80::1", "fc00::1", "fd12:3456::1", "ff02::1", "2001:db8::1", "100::1",
    # IPv4 inside IPv6
    "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:169.254.169.254",  # mapped
    "::127.0.0.1", "::10.0.0.1",  # compatible (deprecated)
    "2002:7f00:1::", "2002:a00:1::1", "2002:a9fe:a9fe::",  # 6to4 of 127.0.0.1, 10.0.0.1, 169.254.169.254
    "64:ff9b::7f00:1", "64:ff9b::a00:1", "64:ff9b:1::a9fe:a9fe",  # NAT64
    "2001:0:4136:e378:8000:63bf:80ff:fffe",  # Teredo (its client is 127.0.0.1)
]

PUBLIC = ["8.8.8.8", "1.1.1.1", "93.184.216.34", "2606:4700:4700::1111", "2a00:1450:4001:81b::200e",
          "::ffff:8.8.8.8"]


@pytest.mark.parametrize("address", BLOCKED)
def test_forbidden_address_has_a_reason(address):
    assert blocked_reason(ipaddress.ip_address(address)) is not None


@pytest.mark.parametrize("address", PUBLIC)
def test_public_address_passes(address):
    assert blocked_reason(ipaddress.ip_address(address)) is None


@pytest.mark.parametrize("url", [
    "http://localhost/", "http://LOCALHOST/", "http://127.0.0.1:8000/x", "http://127.1/",
    "http://2130706433/",  # decimal 127.0.0.1
    "http://0x7f000001/", "http://0x7f.0.0.1/", "http://0177.0.0.1/",  # hex, octal
    "http://[::1]/", "http://[::ffff:127.0.0.1]/", "http://[::ffff:7f00:1]/", "http://[0:0:0:0:0:ffff:a00:1]/",
    "http://[fe80::1%25lo]/", "http://[64:ff9b::7f00:1]/", "http://0.0.0.0/", "http://0/",
    "http://169.254.169.254/latest/meta-data/", "https://10.1.2.3/", "http://[::]:80/",
])
def test_url_to_forbidden_address_is_refused(url):
    with pytest.raises(RefusedURL):
        check_url(url)


@pytest.mark.parametrize("url", [
    "file:///etc/passwd", "ftp://example.com/a", "gopher://127.0.0.1:70/", "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>", "dict://127.0.0.1:11211/", "http:///nohost",
    "//example.com/x", "http://user:pw@example.com/", "http://example.com@127.0.0.1/",
    "http://example.com:99999/",
])
def test_other_schemes_credentials_and_bad_ports_are_refused(url):
    with pytest.raises(RefusedURL):
        check_url(url, allow_private=True)  # refused even where private addresses are allowed


def test_allow_list_admits_only_its_networks():
    assert resolve("http://127.0.0.1/", ["127.0.0.1/32"]) == ["127.0.0.1"]
    with pytest.raises(RefusedURL):
        resolve("http://127.0.0.2/", ["127.0.0.1/32"])
    with pytest.raises(RefusedURL):
        resolve("http://[::1]/", ["127.0.0.0/8"])
    assert resolve("http://127.0.0.2/", True) == ["127.0.0.2"]


def test_unparseable_host_is_a_fetch_error():
    with pytest.raises(FetchError):
        check_url("http://exa mple/")
