"""Numbers written the Indonesian way, for command output and documents (pages use
Django's localisation instead)."""


def thousands(number: int) -> str:
    """1000000 -> "1.000.000"."""
    return f"{number:,}".replace(",", ".")


MONTHS_SHORT = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov",
                "Des")


def wib(moment) -> str:
    """A moment as Indonesians write it in West Kalimantan (WIB, UTC+7): "3 Des 2026
    14.05 WIB". An aware datetime is converted; a naive one is taken as WIB already."""
    from datetime import timedelta, timezone

    if moment is None:
        return ""
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone(timedelta(hours=7)))
    return (f"{moment.day} {MONTHS_SHORT[moment.month - 1]} {moment.year} "
            f"{moment.hour:02d}.{moment.minute:02d} WIB")
