"""data/units.yaml is the one table of currencies, scales and counted nouns that numbers and tone both read."""
from __future__ import annotations

from pathlib import Path

import pytest

from core.analyse.numbers import find_numbers
from core.analyse.numbers.units import _PREFIX_CODES, _WORD_CURRENCIES
from core.analyse.sentiment import load_lexicon
from core.analyse.units import load_units
from core.datafiles import read_yaml
from core.settings import DATA_DIR


@pytest.mark.parametrize("name", ["units.yaml", "numbers.yaml"])
def test_every_word_in_the_number_tables_reads_as_text(name: str) -> None:
    """YAML reads a bare no / on / yes as a boolean: such words must be quoted."""
    def listed(node: object) -> list[object]:
        if isinstance(node, dict):
            return [x for v in node.values() for x in listed(v)]
        return list(node) if isinstance(node, list) else []
    assert not [x for x in listed(read_yaml(DATA_DIR / name)) if not isinstance(x, str)]


@pytest.mark.parametrize(("spelling", "code"), [("€", "EUR"), ("£", "GBP"), ("yen", "JPY"), ("rmb", "CNY"),
                                                ("dollars", "USD"), ("rupees", "INR")])
def test_numbers_and_tone_read_a_currency_the_same_way(spelling: str, code: str) -> None:
    assert (_PREFIX_CODES.get(spelling) or _WORD_CURRENCIES.get(spelling)) == code
    assert load_lexicon().currencies[spelling] == code


def test_a_new_currency_spelling_in_the_table_reaches_the_tone_scorer(tmp_path: Path) -> None:
    text = (DATA_DIR / "units.yaml").read_text(encoding="utf-8")
    (tmp_path / "units.yaml").write_text(text.replace("    tokens: [meur]", "    tokens: [meur, eurobucks]"),
                                         encoding="utf-8")
    (tmp_path / "sentiment").symlink_to(DATA_DIR / "sentiment")
    load_lexicon.cache_clear()
    try:
        assert load_lexicon(tmp_path / "sentiment").currencies["eurobucks"] == "EUR"
    finally:
        load_lexicon.cache_clear()


def test_every_counted_unit_and_scale_word_is_loaded() -> None:
    units = load_units()
    assert units.counted["exchange-traded funds"] == "ETFs"
    assert units.zh_nouns["成份股"] == "stocks"
    assert units.scales["billion"] == 1e9 and units.zh_scales["亿"] == 1e8


def test_an_upper_case_only_code_is_read_in_capitals_only() -> None:
    assert [q.unit for q in find_numbers("The deal was worth TRY 50 million.")] == ["TRY"]
    assert "TRY" not in [q.unit for q in find_numbers("Investors try 50 million ways.")]
