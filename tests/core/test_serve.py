"""`ogop serve` refuses to start without a SECRET_KEY given in the environment."""

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command


def test_serve_refuses_a_generated_key_and_says_what_to_set(settings: Any) -> None:
    settings.OGOP_SECRET_KEY_GENERATED = True
    with pytest.raises(CommandError, match=r"SECRET_KEY is not set.*set SECRET_KEY"):
        call_command("serve", "--bind", "127.0.0.1:1")


def test_serve_without_secret_key_in_the_environment_exits_at_once(tmp_path: Path) -> None:
    env = {
        k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env["OGOP_DATA_DIR"] = str(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "ogop", "serve", "--bind", "127.0.0.1:1"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "SECRET_KEY is not set" in result.stderr
    assert "make run" in result.stderr


def test_the_embedded_mode_keeps_the_key_it_generated(tmp_path: Path) -> None:
    # `make run` (runserver, the demo) on a fresh machine: a key made once, then kept.
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env["OGOP_DATA_DIR"] = str(tmp_path)
    show = "from django.conf import settings; print(settings.SECRET_KEY)"
    keys = [
        subprocess.run(
            [sys.executable, "-m", "ogop", "shell", "-c", show],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        .stdout.strip()
        .splitlines()[-1]
        for _run in range(2)
    ]
    assert keys[0] == keys[1]
    assert (tmp_path / "secret_key").read_text().strip() == keys[0]
