"""gunicorn's threaded worker, leaving a proxy's pool cleanly when it is stopped (gunicorn.conf.py).

On a graceful stop (SIGTERM: systemd, an upgrade) gunicorn's own worker stops accepting but keeps
its listening socket open until it exits, a few seconds later. Meanwhile the kernel still completes
the connections nginx opens to it, nginx sends its requests on them, and the worker's exit resets
them: nginx passes a GET on to another server, but never a POST it has sent (the application did
not promise to run it once only), so the person gets an error 502. This worker takes what is
already waiting, then closes its listening socket at once: nginx is refused, and goes on to the
next server before it sends anything (tests/test_cluster.py stops a server under load).
"""

from gunicorn.workers.gthread import TConn, ThreadWorker


class DrainingThreadWorker(ThreadWorker):
    def set_accept_enabled(self, enabled):
        stopping = not enabled and not self.alive
        if stopping:
            for listener in self.sockets:
                self._take_waiting(listener)
        super().set_accept_enabled(enabled)
        if stopping:
            for listener in self.sockets:
                listener.close()  # closed again at the worker's exit: gunicorn's sockets allow that

    def _take_waiting(self, listener) -> None:
        """The connections the kernel completed and no worker accepted yet: served, not dropped."""
        while True:
            try:
                client, address = listener.accept()  # the listener does not block
            except (ConnectionAbortedError, InterruptedError):  # that one gave up: the next
                continue
            except BlockingIOError:  # none left
                return
            self.nr_conns += 1
            client.setblocking(True)
            self.enqueue_req(TConn(self.cfg, client, address, listener.getsockname()))
