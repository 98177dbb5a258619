"""How passwords are stored.

Argon2id at the minimum that OWASP's Password Storage Cheat Sheet recommends (19 MiB of memory,
2 passes, 1 lane): about 20 ms a sign-in on one core, where Django's default PBKDF2 (1,000,000
iterations) takes 200–400 ms. On the reporting deadline 200 officers sign in within minutes on a
2-core server, and PBKDF2 alone made a sign-in wait over a second (bench/LOAD.md). Argon2id is
memory-hard, so a guess costs an attacker's GPU far more than PBKDF2's at the same server time.

Hashes stored earlier (PBKDF2) still verify, and Django re-stores them with this hasher at the
user's next sign-in. To raise the cost later, raise the parameters here: `must_update` compares
them with those recorded in each hash, so every password is re-stored at its next sign-in.
"""

from django.contrib.auth.hashers import Argon2PasswordHasher


class Argon2idHasher(Argon2PasswordHasher):
    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
