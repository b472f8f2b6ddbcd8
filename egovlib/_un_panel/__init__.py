"""Private home of :mod:`egovlib.un_panel`'s code (build, checks, ship)."""
