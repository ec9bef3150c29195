"""The `ucj` console script: Django's management command with UCJ's settings preset."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ucj.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["ucj", *sys.argv[1:]])


if __name__ == "__main__":
    main()
