"""Self-signed certificates for sealing approval records in the demonstration intranet and in tests.

A real trust uses a certificate from its provider (``RECORD_SIGNING_PKCS12``); these are
made at run time, never committed.
"""

import datetime
from pathlib import Path

__all__ = ["write_self_signed_certificate"]


def write_self_signed_certificate(
    *, key_path: Path, cert_path: Path, common_name: str, pkcs12_path: Path | None = None, passphrase: bytes = b""
) -> None:
    """Write a new RSA key (PEM, unencrypted, mode 0600) and a self-signed certificate valid for 10 years.

    With ``pkcs12_path`` the pair is also written as a PKCS#12 file protected by
    ``passphrase``. The certificate may sign documents (digital signature and
    non-repudiation) and is its own trust root.
    """
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    key_path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    key_path.chmod(0o600)
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    if pkcs12_path is not None:
        encryption = serialization.BestAvailableEncryption(passphrase) if passphrase else serialization.NoEncryption()
        pkcs12_path.write_bytes(
            pkcs12.serialize_key_and_certificates(common_name.encode(), key, certificate, None, encryption)
        )
        pkcs12_path.chmod(0o600)
