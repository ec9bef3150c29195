import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]


def run_ucj(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)


def test_console_script_is_installed_and_presets_the_settings():
    ucj = shutil.which("ucj", path=str(Path(sys.executable).parent))
    assert ucj, "the ucj console script must be installed in the environment"
    result = subprocess.run([ucj, "help", "load-regions"], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0
    assert "usage: ucj load-regions" in result.stdout


@pytest.mark.parametrize("args", [
    ["load-regions", "--no-such-option"],
    ["import-denominators"],
    ["import-denominators", "/no/such/file.csv"],
])
def test_project_commands_fail_with_one_line_and_status_2(args):
    result = run_ucj(*args)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "error:" in lines[0]
    assert "Traceback" not in result.stderr


def test_pages_are_indonesian_by_default_even_for_english_browsers(client, kalbar):
    response = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.headers["Content-Language"] == "id"
    assert "Masuk" in response.text


def test_language_switch_sets_english(client, kalbar):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/akun/masuk/"})
    assert response.status_code == 302
    page = client.get(reverse("accounts:login"))
    assert page.headers["Content-Language"] == "en"
    assert "Log in" in page.text
