"""Numbers written the Indonesian way, for command output and documents (pages use
Django's localisation instead)."""


def thousands(number: int) -> str:
    """1000000 -> "1.000.000"."""
    return f"{number:,}".replace(",", ".")
