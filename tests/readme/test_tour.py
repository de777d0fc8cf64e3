"""The README's tour, run as written: every console block in order, in a scratch folder.

The commands run in one bash process (so ``cd``, ``export`` and shell variables carry
over from block to block) with stdout and stderr together, as a terminal shows them.
What each prints must match what the README shows (see ``tour.py`` for placeholders).
The test changes only what must differ on a shared machine: ``/tmp/tour`` becomes a
fresh temporary folder and port 8000 a free port; after a command sent to the
background (``&``) it waits until the server answers, and it stops the server at the end.
"""

from __future__ import annotations

import contextlib
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.readme.tour import Block, Step, blocks, match, normalised

ROOT = Path(__file__).parents[2]
README = ROOT / "README.md"
MARK = "\x1fstep {}\x1f"
BACKGROUND = re.compile(r"&\s*(#.*)?$")
SPLIT = re.compile(r"\n?\x1fstep (\d+)\x1f\n")
# Quiet machine: 70-125 s. Under a parallel load (load average 17) it took 270 s; the limit is
# there to stop a hung server, not to time the tour.
TOUR_LIMIT_S = 600


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _script(steps: list[Step], scratch: Path, port: int) -> str:
    lines = ["exec 2>&1"]
    for number, step in enumerate(steps):
        command = step.command.replace("/tmp/tour", str(scratch)).replace("8000", str(port))
        lines.append(f"printf '{MARK}\\n'".format(number))
        lines.append(command)
        if BACKGROUND.search(command):
            url = shlex.quote(f"http://127.0.0.1:{port}/livez")
            lines.append(
                f"for _ in $(seq 300); do curl -sf {url} >/dev/null && break; sleep 0.1; done"
            )
    lines.append(f"printf '{MARK}\\n'".format(len(steps)))
    return "\n".join(lines) + "\n"


def _run(script: str, cwd: Path) -> str:
    env = dict(os.environ)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}"
    env["PYTHONUNBUFFERED"] = "1"  # stdout and stderr in the order a terminal shows them
    env["COLUMNS"] = "100"
    for name in ("CREDITREG_DB", "CREDITREG_KEYS"):
        env.pop(name, None)
    with subprocess.Popen(
        ["bash", "-c", script],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        start_new_session=True,  # so the server the tour starts is stopped with it
    ) as shell:
        try:
            output, _ = shell.communicate(timeout=TOUR_LIMIT_S)
        except subprocess.TimeoutExpired as late:
            os.killpg(shell.pid, signal.SIGKILL)
            output = late.output.decode() if isinstance(late.output, bytes) else ""
            pytest.fail(f"the tour did not finish in {TOUR_LIMIT_S} s; it printed:\n{output}")
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(shell.pid, signal.SIGTERM)
    return output


def _outputs(output: str, count: int) -> list[str]:
    pieces = SPLIT.split(output)
    by_step = dict(zip(pieces[1::2], pieces[2::2], strict=True))
    return [by_step.get(str(number), "") for number in range(count)]


def _failure(block: Block, step: Step, output: str) -> str:
    shown = "\n".join(step.expected)
    return (
        f"README.md:{step.line}: $ {step.command}\n"
        f"--- the README shows:\n{shown}\n--- the command printed:\n{normalised(output)}"
    )


@pytest.mark.skipif(sys.platform == "win32", reason="the tour is a POSIX shell session")
def test_the_readme_tour_prints_what_the_readme_shows(tmp_path: Path) -> None:
    tour = blocks(README.read_text(encoding="utf-8"))
    steps = [step for block in tour for step in block.steps]
    scratch = tmp_path / "tour"
    output = _run(_script(steps, scratch, _free_port()), ROOT)
    outputs = iter(_outputs(output, len(steps)))
    for block in tour:
        values: dict[str, str] = {}
        for step in block.steps:
            printed = next(outputs)
            assert match(step.expected, printed, values), _failure(block, step, printed)
