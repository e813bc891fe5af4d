"""A concise console logger for `arrears build`: one line per step started, finished or
failed (with its wall time), plus the assets' own progress messages, instead of
Dagster's full event stream."""

import logging
import sys

import dagster as dg

_SHOWN_EVENTS = {"STEP_START", "STEP_SUCCESS", "STEP_FAILURE", "STEP_SKIPPED"}


class _ProgressHandler(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self._started: dict[str, float] = {}

    def emit(self, record: logging.LogRecord) -> None:
        meta = getattr(record, "dagster_meta", None)
        if not meta:
            return
        event = meta.get("dagster_event")
        step = meta.get("step_key") or "run"
        if event is None:
            if record.levelno < logging.INFO:
                return
            line = f"  {step}: {meta.get('orig_message', '')}"
        elif event.event_type_value in _SHOWN_EVENTS:
            label = event.event_type_value.removeprefix("STEP_").lower()
            line = f"[{label}] {step}"
            if event.event_type_value == "STEP_START":
                self._started[step] = record.created
            elif step in self._started:
                line += f" ({record.created - self._started.pop(step):.1f}s)"
            if event.event_type_value == "STEP_FAILURE" and event.step_failure_data:
                line += f": {root_error_message(event.step_failure_data.error)}"
        elif event.event_type_value == "ASSET_CHECK_EVALUATION":
            evaluation = event.event_specific_data
            if evaluation is None or getattr(evaluation, "passed", True):
                return
            severity = getattr(getattr(evaluation, "severity", None), "value", "ERROR")
            label = "check failed" if severity == "ERROR" else "check warning"
            line = f"[{label}] {evaluation.asset_check_key.to_user_string()}"
        else:
            return
        print(line, file=sys.stderr, flush=True)


def root_error_message(error) -> str:  # dagster SerializableErrorInfo | None
    """The user's exception message (not Dagster's wrapper), on one line, without the
    exception's module path."""
    while error is not None and error.cause is not None:
        error = error.cause
    lines = (error.message if error else "").strip().splitlines()
    if not lines:
        return "failed"
    head, sep, tail = lines[0].strip().partition(": ")
    return tail if sep and "." in head and " " not in head else lines[0].strip()


@dg.logger(description="One line per step and the assets' own progress messages.")
def progress_logger(init_context: dg.InitLoggerContext) -> logging.Logger:
    logger = logging.getLogger("arrears.progress")
    logger.propagate = False
    logger.setLevel(logging.DEBUG)  # step events are DEBUG; the handler filters
    if not any(isinstance(h, _ProgressHandler) for h in logger.handlers):
        logger.addHandler(_ProgressHandler())
    return logger
