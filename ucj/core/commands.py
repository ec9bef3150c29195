"""Base class for UCJ's own management commands.

Whatever goes wrong (a missing file, a bad argument, bad data) the operator gets one
line that says what is wrong and exit status 2, never a traceback. `--traceback`
still shows one for developers.

Commands speak the site's language (settings.LANGUAGE_CODE); UCJ_LANGUAGE=en gives
English. Machine output (--json, CSV) is the same in every language.
"""

from __future__ import annotations

import os
import sys
from typing import Any, NoReturn

from django.conf import settings
from django.core.management.base import (
    BaseCommand,
    CommandError,
    CommandParser,
    handle_default_options,
)
from django.db import connections
from django.utils import translation
from django.utils.translation import gettext as _

EXIT_USAGE_OR_DATA = 2


def command_language() -> str:
    return os.environ.get("UCJ_LANGUAGE") or settings.LANGUAGE_CODE


class OneLineParser(CommandParser):
    def error(self, message: str) -> NoReturn:
        if self.called_from_command_line:
            sys.stderr.write(f"{self.prog}: error: {message}\n")
            sys.exit(EXIT_USAGE_OR_DATA)
        raise CommandError(f"Error: {message}")


def one_line(error: BaseException) -> str:
    text = str(error).strip()
    first_line = text.splitlines()[0] if text else ""
    if isinstance(error, CommandError):
        return first_line or _("failed")
    return f"{type(error).__name__}: {first_line}" if first_line else type(error).__name__


class UcjCommand(BaseCommand):
    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        # Django builds a CommandParser itself; swap in the subclass whose error() is one line.
        parser.__class__ = OneLineParser
        return parser

    def run_from_argv(self, argv: list[str]) -> None:
        # Django's own version prints "CommandError: ..." with status 1 and lets any
        # other exception out as a traceback; the operator contract here is stricter.
        self._called_from_command_line = True
        # For the whole process, so that the one error line below is in it too.
        translation.activate(command_language())
        prog = f"{os.path.basename(argv[0])} {argv[1]}"
        parser = self.create_parser(argv[0], argv[1])
        options = parser.parse_args(argv[2:])
        cmd_options = vars(options)
        args = cmd_options.pop("args", ())
        handle_default_options(options)
        try:
            self.execute(*args, **cmd_options)
        except Exception as error:
            if options.traceback:
                raise
            sys.stderr.write(f"{prog}: error: {one_line(error)}\n")
            sys.exit(EXIT_USAGE_OR_DATA)
        finally:
            connections.close_all()

    def execute(self, *args: Any, **options: Any) -> Any:
        # Django's BaseCommand leaves the language alone (gettext falls back to
        # LANGUAGE_CODE); override rather than activate so call_command() from code or a
        # test does not leave the command's language behind in the thread.
        with translation.override(command_language()):
            return super().execute(*args, **options)
