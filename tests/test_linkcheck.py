"""linkchecker crawls the site served on 127.0.0.1 (not file://: run as root it drops to `nobody`)."""

import subprocess
import sys
from pathlib import Path

import pytest

LINKCHECKER = Path(sys.executable).with_name("linkchecker")
CONFIG = Path(__file__).with_name("linkcheckerrc")


@pytest.mark.slow  # ~100 s: it parses every page for anchors, the notebook page (~600 KB) too
def test_linkchecker_finds_no_broken_link_or_anchor(base_url):
    result = subprocess.run(
        [str(LINKCHECKER), "-f", str(CONFIG), "--no-status", "--no-robots", base_url + "index.html"],
        capture_output=True, text=True, timeout=600)
    report = result.stdout + result.stderr
    assert result.returncode == 0, report
    assert "0 errors found" in report, report
    # It must actually have crawled the course, not stopped at the first page.
    checked = int(report.split(" links in ")[0].split()[-1].replace(",", "")) if " links in " in report else 0
    assert checked > 50, report
