"""Yield alerts: a sudden drop fails visibly; quiet or new sources do not."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from pikir.config import DataHome
from pikir.health import YieldPolicy, yield_alerts
from pikir.lake.runs import record_runs

START = datetime(2022, 5, 1, tzinfo=UTC)


def history(home, yields, source="chan", status="ok"):
    rows = [
        {
            "run_id": f"r{i}",
            "source": source,
            "status": status,
            "new_items": n,
            "updated_items": 0,
            "started_at": START + timedelta(days=i),
        }
        for i, n in enumerate(yields)
    ]
    record_runs(home, rows)
    return f"r{len(yields) - 1}"


def test_drop_below_half_the_median_alerts(tmp_path):
    home = DataHome.from_env(tmp_path)
    run = history(home, [40, 50, 45, 60, 3])
    (alert,) = yield_alerts(home, run)
    assert alert["source"] == "chan"
    assert alert["median"] == 47.5
    assert "yielded 3" in alert["message"]


def test_zero_after_a_steady_source_alerts(tmp_path):
    home = DataHome.from_env(tmp_path)
    assert yield_alerts(home, history(home, [10, 12, 9, 0]))


def test_normal_variation_does_not_alert(tmp_path):
    home = DataHome.from_env(tmp_path)
    assert yield_alerts(home, history(home, [40, 50, 45, 30])) == []


def test_too_little_history_does_not_alert(tmp_path):
    home = DataHome.from_env(tmp_path)
    assert yield_alerts(home, history(home, [55, 0])) == []


def test_quiet_sources_are_not_judged(tmp_path):
    home = DataHome.from_env(tmp_path)
    assert yield_alerts(home, history(home, [1, 2, 1, 0])) == []


def test_policy_is_adjustable(tmp_path):
    home = DataHome.from_env(tmp_path)
    run = history(home, [10, 10, 10, 8])
    assert yield_alerts(home, run, YieldPolicy(ratio=0.9)) != []


def test_the_same_source_name_on_two_platforms_is_two_sources(tmp_path):
    home = DataHome.from_env(tmp_path)
    rows = [
        {"run_id": f"r{i}", "platform": platform, "source": "zakon_o_sotssetyah",
         "status": "ok", "new_items": n, "updated_items": 0,
         "started_at": START + timedelta(days=i)}
        for i in range(5)
        for platform, n in (("x", 40 if i < 4 else 35), ("bluesky", 2))
    ]  # fmt: skip
    record_runs(home, rows)
    assert yield_alerts(home, "r4") == []  # bluesky's quiet 2 is not a drop of x's 40
    from pikir.lake.runs import read_runs

    landed = read_runs(home).to_pylist()
    assert sorted((r["run_id"], r["platform"]) for r in landed if r["run_id"] == "r4") == [
        ("r4", "bluesky"),
        ("r4", "x"),
    ]
