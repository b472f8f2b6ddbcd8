"""egovlib.formatting: one policy for showing and recording numbers."""

from __future__ import annotations

import pytest

from egovlib import formatting


@pytest.mark.parametrize(("value", "shown"), [
    (108604, "108,604"),  # an integer count in full
    (108604.0, "108,604"),  # a count read as float
    (9693.8452, "9,694"),  # an estimate: four significant digits, separators
    (108604.8667, "108,600"),  # a forecast of a count is not known to the unit
    (0.86275, "0.8628"),
    (-0.5, "-0.5"),
    (1.5e-07, "1.5e-07"),
    (None, "n/a"),
    (float("nan"), "n/a"),
    ("text", "text"),
])
def test_fmt_shows_four_significant_digits(value, shown):
    assert formatting.fmt(value) == shown


def test_digits_below_the_shown_ones_never_change_the_text():
    # the cross-machine noise seen in issue 12: 9693.8452 on one CPU, 9693.8449 on another
    assert formatting.fmt(9693.8452) == formatting.fmt(9693.8449)
    assert formatting.round_sig(108604.8667) == formatting.round_sig(108604.8665) == 108600.0


def test_pvalue_and_count_and_bad_digits():
    assert formatting.pvalue(0.0234) == "0.023" and formatting.pvalue(2e-5) == "< 0.001"
    assert formatting.count(108604.8667) == "108,605"
    with pytest.raises(ValueError, match="not a probability"):
        formatting.pvalue(1.5)
    with pytest.raises(ValueError, match="digits=0"):
        formatting.fmt(1.0, 0)


def test_use_makes_pandas_print_floats_with_the_policy():
    import pandas as pd

    with pd.option_context("display.float_format", None):
        formatting.use()
        assert "9,694" in pd.DataFrame({"x": [9693.8452]}).to_string()
        assert "9,694" in pd.DataFrame({"x": [9693.8452]}).to_html()


@pytest.mark.parametrize(("n", "digits"), [(1, 2), (6, 2), (12, 2), (13, 3), (29, 3), (30, 4), (202, 4)])
def test_digits_for_falls_with_the_sample(n, digits):
    assert formatting.digits_for(n) == digits


@pytest.mark.parametrize("bad", [0, -3, 2.5, True, "12"])
def test_digits_for_refuses_what_is_not_a_count(bad):
    with pytest.raises(ValueError, match="digits_for: n="):
        formatting.digits_for(bad)


@pytest.mark.parametrize(("p", "label", "phrase"), [
    (0.0412, "p", "p = 0.041"), (0.00046, "p", "p < 0.001"), (1.0, "Holm-adjusted p", "Holm-adjusted p = 1"),
    (None, "p", "p n/a"), (float("nan"), "permutation p", "permutation p n/a")])
def test_p_phrase_never_writes_equals_less_than(p, label, phrase):
    assert formatting.p_phrase(p, label) == phrase
