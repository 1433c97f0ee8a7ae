"""Metrics for Prometheus (text exposition, no extra dependency) and JSON logs
carrying the request id, tenant and user."""

from __future__ import annotations

import json
import logging
import threading
from collections import defaultdict
from datetime import UTC, datetime

from saas.audit import request_id
from saas.tenancy.context import current_tenant

BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class Metrics:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.counters: dict[tuple[str, tuple[tuple[str, str], ...]], float] = defaultdict(float)
        self.histograms: dict[tuple[str, tuple[tuple[str, str], ...]], list[float]] = {}
        self.help: dict[str, tuple[str, str]] = {}

    def count(self, name: str, help_text: str, value: float = 1, **labels: str) -> None:
        with self._lock:
            self.help.setdefault(name, ("counter", help_text))
            self.counters[(name, tuple(sorted(labels.items())))] += value

    def observe(self, name: str, help_text: str, seconds: float, **labels: str) -> None:
        with self._lock:
            self.help.setdefault(name, ("histogram", help_text))
            key = (name, tuple(sorted(labels.items())))
            buckets = self.histograms.setdefault(key, [0.0] * (len(BUCKETS) + 2))
            for i, bound in enumerate(BUCKETS):
                if seconds <= bound:
                    buckets[i] += 1
            buckets[-2] += 1  # count
            buckets[-1] += seconds  # sum

    def render(self) -> str:
        def fmt(labels: tuple[tuple[str, str], ...], extra: str = "") -> str:
            parts = [f'{k}="{v}"' for k, v in labels] + ([extra] if extra else [])
            return "{" + ",".join(parts) + "}" if parts else ""

        lines: list[str] = []
        with self._lock:
            for name, (kind, help_text) in sorted(self.help.items()):
                lines += [f"# HELP {name} {help_text}", f"# TYPE {name} {kind}"]
                if kind == "counter":
                    for (n, labels), value in sorted(self.counters.items()):
                        if n == name:
                            lines.append(f"{name}{fmt(labels)} {value:g}")
                else:
                    for (n, labels), b in sorted(self.histograms.items()):
                        if n != name:
                            continue
                        for i, bound in enumerate(BUCKETS):
                            le = 'le="' + str(bound) + '"'
                            lines.append(f"{name}_bucket{fmt(labels, le)} {b[i]:g}")
                        inf = 'le="+Inf"'
                        lines.append(f"{name}_bucket{fmt(labels, inf)} {b[-2]:g}")
                        lines.append(f"{name}_count{fmt(labels)} {b[-2]:g}")
                        lines.append(f"{name}_sum{fmt(labels)} {b[-1]:g}")
        return "\n".join(lines) + "\n"


METRICS = Metrics()


class JsonFormatter(logging.Formatter):
    """One JSON object per line, with the request's id, tenant and user."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": request_id.get(),
            "tenant_id": current_tenant(),
            "user": getattr(record, "user", None),
        }
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


def configure_logging(json_logs: bool) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(
        JsonFormatter()
        if json_logs
        else logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s")
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO)
