from datetime import timedelta

from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from ucj.accounts.models import ApiToken, User
from ucj.accounts.services import create_api_token, revoke_api_token
from ucj.core.commands import UcjCommand


class Command(UcjCommand):
    help = ("API tokens: `create USERNAME --name TEKS [--days N]` prints a new token once "
            "(only its SHA-256 digest is stored); `list [USERNAME]`; `revoke PREFIX|ID`.")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create")
        create.add_argument("username")
        create.add_argument("--name", required=True, help="what the token is for")
        create.add_argument("--days", type=int, default=None,
                            help="valid for N days (default: until revoked)")
        listing = sub.add_parser("list")
        listing.add_argument("username", nargs="?", default="")
        revoke = sub.add_parser("revoke")
        revoke.add_argument("token", help="the token's id or its prefix (ucj_...)")

    def handle(self, *args, action: str, **options):
        getattr(self, f"_{action}")(**options)

    def _create(self, *, username: str, name: str, days: int | None, **options):
        try:
            user = User.objects.get(username=username, is_active=True)
        except User.DoesNotExist:
            raise CommandError(_("active user %(user)r does not exist") % {"user": username}) from None
        if days is not None and days < 1:
            raise CommandError(_("--days must be 1 or more"))
        expires = timezone.now() + timedelta(days=days) if days else None
        made = create_api_token(user=user, name=name, expires_at=expires)
        self.stdout.write(made.raw)
        self.stderr.write(_("token #%(id)s for %(user)s (%(role)s); keep it now, the token "
                            "cannot be shown again")
                          % {"id": made.token.pk, "user": username, "role": user.role})

    def _list(self, *, username: str, **options):
        tokens = ApiToken.objects.select_related("user")
        if username:
            tokens = tokens.filter(user__username=username)
        for token in tokens:
            state = (_("revoked") if token.revoked_at else _("active") if token.is_active
                     else _("expired"))
            used = f"{timezone.localtime(token.last_used_at):%Y-%m-%d %H:%M}" \
                if token.last_used_at else "-"
            last_used = _("last used %(when)s") % {"when": used}
            self.stdout.write(f"{token.pk}\t{token.prefix}\t{token.user.username}\t{state}\t"
                              f"{last_used}\t{token.name}")

    def _revoke(self, *, token: str, **options):
        found = ApiToken.objects.filter(pk=int(token)) if token.isdigit() else \
            ApiToken.objects.filter(prefix=token[:12]) if len(token) >= 8 else ApiToken.objects.none()
        if found.count() != 1:
            raise CommandError(_("token %(token)r not found (or more than one): use the id "
                                 "from `ucj api-token list`") % {"token": token})
        revoked = revoke_api_token(token=found.get())
        self.stdout.write(_("token #%(id)s %(prefix)s revoked") % {"id": revoked.pk, "prefix": revoked.prefix})
