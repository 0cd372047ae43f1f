"""Password hashing with argon2id (argon2-cffi's defaults, RFC 9106's second recommended
parameter set), behind the services' PasswordHasher port. Never hand-rolled."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError


class Argon2Passwords:
    def __init__(self, hasher: PasswordHasher | None = None) -> None:
        self._hasher = hasher or PasswordHasher()

    def hash(self, password: str) -> str:
        return self._hasher.hash(password)

    def verify(self, stored: str, password: str) -> bool:
        try:
            return self._hasher.verify(stored, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError, UnicodeEncodeError):
            return False

    def needs_rehash(self, stored: str) -> bool:
        return self._hasher.check_needs_rehash(stored)


def fast_passwords() -> Argon2Passwords:
    """argon2id with the smallest parameters argon2 accepts: for tests and benchmarks that
    create many accounts, never for a server (the parameters are stored in each hash, so a
    hash made here still verifies with the real hasher)."""
    return Argon2Passwords(PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
