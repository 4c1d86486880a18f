"""The atomic writer: what each kind of path gets, and no temp file left behind, ever."""

from __future__ import annotations

import os
import shutil
import signal
import stat
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from advisor.errors import UserError
from advisor.files.atomic import write_bytes_atomic, write_text_atomic

ROOT = Path(__file__).resolve().parents[2]


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_a_new_file_is_written_with_umask_bits(tmp_path: Path) -> None:
    target = tmp_path / "r.md"
    write_text_atomic(target, "hello")
    assert target.read_text() == "hello"
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~mask
    assert leftovers(tmp_path) == []


def test_replacing_a_file_keeps_its_permission_bits(tmp_path: Path) -> None:
    target = tmp_path / "answers.yaml"
    target.write_text("old")
    target.chmod(0o600)
    write_text_atomic(target, "new")
    assert target.read_text() == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_a_symlink_is_kept_and_its_target_replaced(tmp_path: Path) -> None:
    real = tmp_path / "real" / "report.md"
    real.parent.mkdir()
    real.write_text("old")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    write_text_atomic(link, "new")
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text() == "new"
    assert leftovers(real.parent) == [] and leftovers(tmp_path) == []


def test_a_chain_of_relative_symlinks_is_followed(tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "f.md").write_text("old")
    (tmp_path / "a.md").symlink_to("b.md")
    (tmp_path / "b.md").symlink_to("d/f.md")
    write_text_atomic(tmp_path / "a.md", "new")
    assert (tmp_path / "a.md").is_symlink() and (tmp_path / "b.md").is_symlink()
    assert (tmp_path / "d" / "f.md").read_text() == "new"


def test_a_dangling_symlink_creates_its_target(tmp_path: Path) -> None:
    link = tmp_path / "link.md"
    link.symlink_to("made.md")
    write_text_atomic(link, "x")
    assert link.is_symlink() and (tmp_path / "made.md").read_text() == "x"


def test_a_fifo_is_written_straight_through_and_stays_a_fifo(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    write_text_atomic(fifo, "through the pipe")
    reader.join(timeout=10)
    assert got == [b"through the pipe"]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert leftovers(tmp_path) == []


def test_dev_null_is_written_through_and_stays_a_device() -> None:
    write_text_atomic(Path("/dev/null"), "discarded")
    assert stat.S_ISCHR(os.lstat("/dev/null").st_mode)


def test_dev_stdout_writes_to_the_stream_without_replacing(tmp_path: Path) -> None:
    out = tmp_path / "captured.txt"
    code = "from pathlib import Path; from advisor.files.atomic import write_text_atomic; "
    code += "write_text_atomic(Path('/dev/stdout'), 'to stdout')"
    with out.open("w") as fh:
        subprocess.run([sys.executable, "-c", code], stdout=fh, check=True, cwd=ROOT)
    assert out.read_text() == "to stdout"
    assert os.path.islink("/dev/stdout")  # the link was not replaced by a regular file
    assert stat.S_ISREG(os.lstat(out).st_mode)


@pytest.mark.parametrize(
    ("path", "fragment"),
    [
        ("/proc/version", "is a kernel interface file"),
        ("/proc/report.md", "cannot write"),
        ("/sys/report.md", "cannot write"),
    ],
)
def test_kernel_paths_are_a_clear_error(path: str, fragment: str) -> None:
    with pytest.raises(UserError, match=fragment) as info:
        write_text_atomic(Path(path), "x")
    assert path in str(info.value)


def test_a_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="it is a folder"):
        write_text_atomic(tmp_path, "x")


def test_a_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="does not exist"):
        write_text_atomic(tmp_path / "no" / "r.md", "x")


def test_a_read_only_folder_is_a_clear_error(tmp_path: Path) -> None:
    """As root, a mode 0500 folder is read-only only without CAP_DAC_OVERRIDE: drop it."""
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    script = textwrap.dedent(
        f"""
        import sys
        from pathlib import Path
        from advisor.errors import UserError
        from advisor.files.atomic import write_text_atomic
        try:
            write_text_atomic(Path({str(folder / "r.md")!r}), "x")
        except UserError as exc:
            print(exc)
            sys.exit(2)
        """
    )
    command = [sys.executable, "-c", script]
    if os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("root without setpriv writes into read-only folders")
        command = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", *command]
    try:
        done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=60)
    finally:
        folder.chmod(0o700)
    if done.returncode == 0 and os.geteuid() == 0:
        pytest.skip("cannot drop the capability to write everywhere here")
    assert done.returncode == 2, done.stderr
    assert f"cannot create a file in folder {folder}: Permission denied" in done.stdout
    assert list(folder.iterdir()) == []


def test_a_failed_write_removes_the_temp_file_and_keeps_the_old_file(tmp_path: Path) -> None:
    """A real write error mid-file: the file-size limit (EFBIG) hits after the temp file exists."""
    target = tmp_path / "r.md"
    target.write_text("old")
    script = textwrap.dedent(
        f"""
        import resource, signal, sys
        from pathlib import Path
        from advisor.errors import UserError
        from advisor.files.atomic import write_bytes_atomic
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))
        try:
            write_bytes_atomic(Path({str(target)!r}), b"x" * 100_000)
        except UserError as exc:
            print(exc)
            sys.exit(2)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert done.returncode == 2, done.stderr
    assert "cannot write: File too large" in done.stdout
    assert target.read_text() == "old"
    assert leftovers(tmp_path) == []


def test_sigterm_mid_write_removes_the_temp_file(tmp_path: Path) -> None:
    """SIGTERM while the temp file is open (held after fsync): the process still ends with the
    SIGTERM status, the old file is intact and no temp file is left."""
    target = tmp_path / "r.md"
    target.write_text("old")
    script = textwrap.dedent(
        f"""
        import os, sys, time
        from pathlib import Path
        from advisor.files import atomic
        real_fsync = os.fsync
        def held(fd):
            real_fsync(fd)
            print("writing", flush=True)
            time.sleep(60)
        atomic.os.fsync = held
        atomic.write_text_atomic(Path({str(target)!r}), "new")
        print("not reached", flush=True)
        """
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, cwd=ROOT
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "writing"
    assert len(leftovers(tmp_path)) == 1  # the write is really under way
    proc.send_signal(signal.SIGTERM)
    rest = proc.stdout.read()
    assert proc.wait(timeout=30) == -signal.SIGTERM
    assert "not reached" not in rest
    assert target.read_text() == "old"
    assert leftovers(tmp_path) == []


def test_sigterm_the_instant_the_temp_file_is_created_leaves_nothing(tmp_path: Path) -> None:
    """The window CI once hit: SIGTERM lands after the temporary file exists on disk but before
    the writer holds its descriptor (the signal is sent from inside ``os.open``)."""
    target = tmp_path / "r.md"
    target.write_text("old")
    script = textwrap.dedent(
        f"""
        import os, signal
        from pathlib import Path
        from advisor.files import atomic
        real_open = os.open
        def open_then_term(path, flags, *rest):
            fd = real_open(path, flags, *rest)
            os.kill(os.getpid(), signal.SIGTERM)
            return fd
        atomic.os.open = open_then_term
        atomic.write_text_atomic(Path({str(target)!r}), "new")
        print("not reached", flush=True)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert done.returncode == -signal.SIGTERM, done.stderr
    assert "not reached" not in done.stdout
    assert target.read_text() == "old"
    assert leftovers(tmp_path) == []


def test_sigterm_handler_is_restored_after_a_write(tmp_path: Path) -> None:
    before = signal.getsignal(signal.SIGTERM)
    write_bytes_atomic(tmp_path / "f", b"x")
    assert signal.getsignal(signal.SIGTERM) is before
