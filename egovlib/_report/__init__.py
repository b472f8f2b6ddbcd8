"""Internals of ``egov report``, one module per step; the public face is :mod:`egovlib.report`.

* :mod:`.settings` - ``report.toml`` and the checks of jobs and timeout;
* :mod:`.plan` - the notebooks' parameters, the request checked, the :class:`~.plan.Task` list;
* :mod:`.execute` - workers, papermill, the watchdog, the :class:`~.execute.Outcome` of each task;
* :mod:`.worker` - what a pool worker keeps between runs: the next kernel started ahead, the HTML exporter;
* :mod:`.progress` - what the user sees while it runs (tqdm on a terminal, plain lines otherwise);
* :mod:`.publish` - results, manifest, ``index.html`` (from ``templates/``), staging and the final rename.
"""
