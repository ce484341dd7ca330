"""Zip the built site for offices with no internet: unzip, then open index.html (file:// works).

usage: python scripts/make_dist.py SITE_DIR OUT_ZIP
"""

import sys
import zipfile
from pathlib import Path

FOLDER = "nimo-course"
README = """にも包括 研修コース（オフライン版）

1. この zip を、パソコンの好きな場所に展開（解凍）してください。
2. 展開してできた nimo-course フォルダーの中の index.html をダブルクリックすると、ブラウザーでコースが開きます。
   インターネットにつながっていなくても、ページ・検索・クイズ・演習が使えます。
3. 学習の記録は、そのパソコンのそのブラウザーの中だけに保存され、どこにも送られません。
   共用のパソコンでは、終わったら「学習の記録」のページで記録を消してください。
"""


def make_zip(site: Path, out: Path) -> int:
    out.parent.mkdir(parents=True, exist_ok=True)
    files = sorted(p for p in site.rglob("*") if p.is_file())
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(f"{FOLDER}/はじめにお読みください.txt", README)
        for path in files:
            zf.write(path, f"{FOLDER}/{path.relative_to(site).as_posix()}")
    return len(files)


if __name__ == "__main__":
    site, out = Path(sys.argv[1]), Path(sys.argv[2])
    if not (site / "index.html").is_file():
        sys.exit(f"{site}/index.html がありません。先に make build を実行してください (site not built)")
    count = make_zip(site, out)
    print(f"{out}: {count} files, {out.stat().st_size / 1024:.0f} KiB")
