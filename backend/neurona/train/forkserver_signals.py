"""Imported by the fork server alone (it is in `runner.PRELOAD`): the fork server ignores SIGTERM, as the workers
do (see `worker.worker_main`).

A terminal or service manager signals the server's whole process group. Were the fork server to die of it, the
server could no longer read its workers' exit codes, would take every live worker for dead (exit code 255) and fail
their runs before its own shutdown checkpoints them. The fork server still ends with the server: it exits when the
server's end of its pipe closes. (SIGINT it ignores already.)
"""

import signal

signal.signal(signal.SIGTERM, signal.SIG_IGN)
