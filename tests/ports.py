"""A loopback port for the tests that start a server, or that need an address where nothing listens."""

import socket


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on now (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
