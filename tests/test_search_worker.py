"""The course's search worker replaces Material's in the built site, and the build refuses what it was not written for."""

import pytest

from coursekit import search_worker


def fake_site(tmp_path, names=("search.a7633da7.min.js",)):
    workers = tmp_path / "assets" / "javascripts" / "workers"
    workers.mkdir(parents=True)
    for name in names:
        (workers / name).write_text("lunr worker", encoding="utf-8")
        (workers / (name + ".map")).write_text("{}", encoding="utf-8")
    (tmp_path / "assets" / "javascripts" / "lunr" / "min").mkdir(parents=True)
    return tmp_path


def test_install_writes_the_course_worker_under_materials_name(tmp_path):
    worker = search_worker.install(fake_site(tmp_path), "9.8.1")
    assert worker.name == "search.a7633da7.min.js"
    assert worker.read_text(encoding="utf-8") == search_worker.WORKER.read_text(encoding="utf-8")
    assert not worker.with_name(worker.name + ".map").exists()
    assert not (tmp_path / "assets" / "javascripts" / "lunr").exists()


def test_install_refuses_another_material_version(tmp_path):
    with pytest.raises(search_worker.SearchWorkerError, match="9.8.1"):
        search_worker.install(fake_site(tmp_path), "9.9.0")


@pytest.mark.parametrize("names", [(), ("search.1.min.js", "search.2.min.js")])
def test_install_refuses_a_site_without_exactly_one_worker(tmp_path, names):
    with pytest.raises(search_worker.SearchWorkerError, match="検索ワーカー"):
        search_worker.install(fake_site(tmp_path, names), "9.8.1")


def test_built_site_carries_the_course_worker_and_no_lunr(site):
    (path,) = (site / "assets" / "javascripts" / "workers").glob("search.*.min.js")
    assert path.read_text(encoding="utf-8") == search_worker.WORKER.read_text(encoding="utf-8")
    assert not (site / "assets" / "javascripts" / "lunr").exists()
    assert "lunr" not in (site / "index.html").read_text(encoding="utf-8")
