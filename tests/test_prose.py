"""egovlib.prose: numbers glued from the computation into markdown cells."""

from __future__ import annotations

import math

import nbformat
import pytest
from IPython.core.interactiveshell import InteractiveShell
from IPython.utils.capture import capture_output

from egovlib import prose


def _outputs(call):
    """The display_data outputs that ``call`` publishes in an IPython shell, as (data, metadata) pairs."""
    InteractiveShell.instance()
    with capture_output() as captured:
        call()
    return [(output.data, output.metadata) for output in captured.outputs]


def test_say_formats_numbers_through_the_collection_policy():
    shown = _outputs(lambda: [prose.say("a", 9693.8452), prose.say("b", 108604),
                                           prose.say("c", 2006, unit="year"), prose.say("d", math.nan),
                                           prose.say("e", "< 0.001")])
    texts = [data[prose.GLUE_PREFIX + "text/markdown"] for data, _ in shown]
    assert texts == ["9,694", "108,604", "2006", "n/a", "< 0.001"]
    assert all(data[prose.GLUE_PREFIX + "text/plain"] == data[prose.GLUE_PREFIX + "text/markdown"]
               for data, _ in shown)


def test_say_refuses_bad_keys_and_unformatted_objects():
    with pytest.raises(ValueError, match="name="):
        prose.say("1st", 1)
    with pytest.raises(TypeError, match="format anything else"):
        prose.say("x", [1, 2])


def test_say_writes_what_myst_nb_glue_writes():
    glue = pytest.importorskip("myst_nb").glue

    class Text:
        def _repr_markdown_(self):
            return "**12** of 30"

        def __repr__(self):
            return "**12** of 30"

    ours = _outputs(lambda: prose.say("k", "**12** of 30"))
    theirs = _outputs(lambda: glue("k", Text(), display=False))
    assert ours == theirs
    assert ours[0][1] == {"scrapbook": {"name": "k", "mime_prefix": prose.GLUE_PREFIX}}


def _notebook(markdown: str, glued: dict[str, str]):
    nb = nbformat.v4.new_notebook()
    outputs = [nbformat.v4.new_output("display_data", data=prose._bundle(k, v)[0], metadata=prose._bundle(k, v)[1])
               for k, v in glued.items()]
    code = nbformat.v4.new_code_cell("say(...)")
    code.outputs = outputs
    nb.cells = [code, nbformat.v4.new_markdown_cell(markdown)]
    return nb


def test_resolve_pastes_roles_and_blocks_and_unresolved_names_the_rest():
    text = ("{glue:md}`a` of {glue:md}`b` claims; {glue:text}`a:.0f`; {glue:md}`gone`.\n\n"
            "```{glue:md} items\n:format: myst\n```\n")
    nb = _notebook(text, {"a": "12", "b": "**30**", "items": "* one\n* two"})
    assert prose.glued(nb) == {"a": "12", "b": "**30**", "items": "* one\n* two"}
    assert prose.unresolved(nb) == ["gone"]
    resolved = prose.resolve(nb)
    assert not any(key.startswith(prose.GLUE_PREFIX) for cell in resolved.cells if cell.cell_type == "code"
                   for output in cell.outputs for key in output.get("data", {}))  # glue outputs dropped
    assert prose.glued(nb)  # the original keeps them
    pasted = resolved.cells[1].source
    assert pasted == "12 of **30** claims; 12; {glue:md}`gone`.\n\n* one\n* two\n"
    assert nb.cells[1].source == text  # the notebook itself is unchanged
