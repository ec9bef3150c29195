from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PROVINSI = "provinsi", _("Province staff (Disnakertrans)")
    KABUPATEN = "kabupaten", _("Regency operator")
    BPJS = "bpjs", _("BPJS Ketenagakerjaan officer")
    PIMPINAN = "pimpinan", _("Leadership")


class BpjsBranch(models.Model):
    """A BPJS Ketenagakerjaan branch office and the regencies it serves."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    regencies = models.ManyToManyField(
        "regions.Region", related_name="bpjs_branches", verbose_name=_("regencies"),
        limit_choices_to={"level": "kabupaten_kota"},
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("BPJS branch")
        verbose_name_plural = _("BPJS branches")

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.PIMPINAN)
    regency = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        limit_choices_to={"level": "kabupaten_kota"}, verbose_name=_("regency"),
        help_text=_("Required for regency operators: the only regency they see."),
    )
    branch = models.ForeignKey(
        BpjsBranch, on_delete=models.PROTECT, null=True, blank=True, related_name="officers",
        verbose_name=_("BPJS branch"), help_text=_("Required for BPJS officers."),
    )

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def clean(self) -> None:
        super().clean()
        if self.role == Role.KABUPATEN and self.regency_id is None:
            raise ValidationError({"regency": _("A regency operator must have a regency.")})
        if self.role == Role.BPJS and self.branch_id is None:
            raise ValidationError({"branch": _("A BPJS officer must have a branch.")})


class AuditAction(models.TextChoices):
    LOGIN = "login", _("Logged in")
    LOGIN_FAILED = "login_failed", _("Failed login")
    LOGOUT = "logout", _("Logged out")
    CREATE = "create", _("Created")
    UPDATE = "update", _("Changed")
    DELETE = "delete", _("Deleted")
    IMPORT = "import", _("Imported")
    VIEW_PERSONAL = "view_personal", _("Viewed personal data")
    EXPORT_PERSONAL = "export_personal", _("Exported personal data")


class AuditEvent(models.Model):
    """Who did what to which object, and when. Rows are only ever added."""

    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                              blank=True, related_name="+", verbose_name=_("user"))
    # Kept as text too, so the trail still names the person after an account is deleted.
    actor_username = models.CharField(_("username"), max_length=150, blank=True)
    actor_role = models.CharField(_("role"), max_length=16, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=AuditAction.choices,
                              db_index=True)
    object_type = models.CharField(_("object type"), max_length=100, blank=True, db_index=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    region_code = models.CharField(_("region"), max_length=13, blank=True, db_index=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit trail")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_username} {self.action} {self.object_repr}"


class ApiToken(models.Model):
    """A personal API token (Authorization: Bearer ...). Only the SHA-256 digest of the
    token is stored: the token itself is shown once, when it is made. A request with it
    acts as its user, with the user's role and region scope."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="api_tokens", verbose_name=_("user"))
    name = models.CharField(_("name"), max_length=100,
                            help_text=_("What the token is for, e.g. the script that uses it."))
    prefix = models.CharField(_("prefix"), max_length=12, db_index=True,
                              help_text=_("The first characters of the token, to recognise it."))
    digest = models.CharField(_("SHA-256 digest"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name})"

    @property
    def is_active(self) -> bool:
        from django.utils import timezone

        return self.revoked_at is None and (self.expires_at is None
                                            or self.expires_at > timezone.now())
