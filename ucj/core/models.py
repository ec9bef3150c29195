from django.db import models


class DatasetVersion(models.Model):
    """Which version (checksum) of a bundled data set was last loaded, so loaders can
    be run on every start and do nothing when nothing changed."""

    name = models.CharField(max_length=50, unique=True)
    checksum = models.CharField(max_length=64)
    loaded_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.name} {self.checksum[:12]}"
