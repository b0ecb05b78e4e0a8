"""The encrypted container: a file encrypted chunk by chunk with Fernet (AES-128-CBC and HMAC-SHA256).

Layout: ``MAGIC``, then for each chunk a 4-byte big-endian length and the Fernet token
(raw bytes, not base64). Each chunk's plaintext starts with its 8-byte index and a flag
saying whether it is the last, so chunks cannot be reordered, dropped or cut off without
``BackupDecryptionError``.
"""

import base64
import struct
from pathlib import Path
from typing import BinaryIO

from cryptography.fernet import Fernet, InvalidToken

__all__ = ["MAGIC", "BackupDecryptionError", "decrypt_file", "encrypt_file", "fernet"]

MAGIC = b"INTRANET-BACKUP-1\n"
CHUNK_BYTES = 4 * 1024 * 1024
_HEADER = struct.Struct(">Q?")  # chunk index, last chunk
_LENGTH = struct.Struct(">I")


class BackupDecryptionError(Exception):
    """The file is not a backup, was made with another key, or has been altered or cut short."""


def fernet(key: str) -> Fernet:
    """Return the cipher for ``key`` (a Fernet key: 32 bytes, URL-safe base64, 44 characters).

    Raises ``ValueError`` with a sentence saying how to make one when ``key`` is not one.
    """
    try:
        return Fernet(key.strip().encode())
    except ValueError:
        raise ValueError(
            "BACKUP_ENCRYPTION_KEY is not a Fernet key; make one with: python -c "
            '"from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"'
        ) from None


def encrypt_file(source: Path, target: BinaryIO, *, key: str) -> None:
    """Encrypt the file ``source`` into the open binary file ``target`` with ``key``."""
    cipher = fernet(key)
    target.write(MAGIC)
    with source.open("rb") as plain:
        index, chunk = 0, plain.read(CHUNK_BYTES)
        while True:
            following = plain.read(CHUNK_BYTES)
            token = base64.urlsafe_b64decode(cipher.encrypt(_HEADER.pack(index, not following) + chunk))
            target.write(_LENGTH.pack(len(token)) + token)
            if not following:
                return
            index, chunk = index + 1, following


def decrypt_file(source: BinaryIO, target: BinaryIO, *, key: str) -> None:
    """Decrypt the open archive ``source`` into the open binary file ``target``.

    Raises ``BackupDecryptionError`` for a file that is not a backup, a wrong key, or an
    archive altered, reordered or cut short.
    """
    cipher = fernet(key)
    if source.read(len(MAGIC)) != MAGIC:
        raise BackupDecryptionError("This file is not an intranet backup.")
    index = 0
    while True:
        length = source.read(_LENGTH.size)
        if len(length) != _LENGTH.size:
            raise BackupDecryptionError("The backup is cut short: its last part is missing.")
        token = source.read(_LENGTH.unpack(length)[0])
        try:
            plain = cipher.decrypt(base64.urlsafe_b64encode(token))
        except InvalidToken:
            raise BackupDecryptionError(
                "The backup cannot be decrypted: it was made with another BACKUP_ENCRYPTION_KEY, or has been altered."
            ) from None
        found, last = _HEADER.unpack(plain[: _HEADER.size])
        if found != index:
            raise BackupDecryptionError("The backup has been altered: its parts are out of order.")
        target.write(plain[_HEADER.size :])
        if last:
            return
        index += 1
