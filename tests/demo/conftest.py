"""The demo's tests read the demo loaded once for their module (tests/demo_once.py)."""

from tests.demo_once import demo

__all__ = ["demo"]
