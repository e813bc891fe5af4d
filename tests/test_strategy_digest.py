"""arrears.strategy_digest: the auditor's way to recompute the strategy seeds' SHA-256."""

from __future__ import annotations

import hashlib
import shutil

from arrears.strategy_digest import SEEDS_DIR, main, seed_sha256, strategy_seed_sha256


def test_canonical_form_hand_computed(tmp_path):
    path = tmp_path / "treatments.csv"
    path.write_text(
        "treatment_id,step,channel,template,day_offset,unit_cost,description\n"
        "t,2,sms,,05,0.5,b\n"
        "t,1,call,x,0,2.50,a\n"
    )
    # money with two decimals, integers without leading zeros, empty stays empty; sorted
    expected = "t,1,call,x,0,2.50,a\nt,2,sms,,5,0.50,b"
    assert seed_sha256(path) == hashlib.sha256(expected.encode()).hexdigest()


def test_digest_changes_with_a_rule_and_cli(tmp_path, capsys):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for name in ("strategies", "strategy_rules", "treatments"):
        shutil.copy(SEEDS_DIR / f"{name}.csv", seeds / f"{name}.csv")
    before = strategy_seed_sha256(seeds)
    assert before == strategy_seed_sha256(SEEDS_DIR)
    rules = seeds / "strategy_rules.csv"
    rules.write_text(rules.read_text().replace(",60,91,", ",61,91,"))
    assert strategy_seed_sha256(seeds) != before
    assert main([str(seeds)]) == 0
    assert capsys.readouterr().out.strip() == strategy_seed_sha256(seeds)
    assert main([str(tmp_path / "none")]) == 2
