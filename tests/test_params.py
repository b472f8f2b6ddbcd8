"""egovlib.params: checks of notebook parameters name the parameter, the value and the rule."""

from __future__ import annotations

import pytest

from egovlib import params


def test_parameter_checks_name_the_parameter_and_the_rule():
    assert params.choice("c", "KAZ", ["KAZ", "KGZ"]) == "KAZ"
    with pytest.raises(params.ParameterError, match=r"parameter c='XYZ': expected one of \['KAZ', 'KGZ'\]"):
        params.choice("c", "XYZ", ["KAZ", "KGZ"])
    with pytest.raises(params.ParameterError, match="expected a list"):
        params.subset("m", "bass", ["bass"])
    with pytest.raises(params.ParameterError, match="no repeated entries"):
        params.subset("m", ["bass", "bass"], ["bass"])
    with pytest.raises(params.ParameterError, match="an integer from 0 to 5"):
        params.integer("h", 6, 0, 5)
    with pytest.raises(params.ParameterError, match="an integer"):
        params.integer("h", True)
    with pytest.raises(params.ParameterError, match="True or False"):
        params.boolean("b", "yes")
    assert params.year_range("s", 2010, "e", 2014, [2008, 2010, 2012, 2014]) == (2010, 2014)
    with pytest.raises(params.ParameterError, match="at least two data years"):
        params.year_range("s", 2010, "e", 2011, [2008, 2010, 2012])
    with pytest.raises(params.ParameterError, match="a year after s=2012"):
        params.year_range("s", 2012, "e", 2010, [2008, 2010, 2012])
    assert params.folder_or_none("f", None) is None
    with pytest.raises(params.ParameterError, match="not found"):
        params.folder_or_none("f", "/no/such/folder")
