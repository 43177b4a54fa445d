"""Tell a CDN in front what to purge when the content changes (CDN_PURGE_WEBHOOK, optional).

Every publish, rollback and content edit takes the write lock (versions.lock_writes) in the
transaction that makes it. When that transaction commits, the process that wrote POSTs the
webhook once: `{"keys": ["live"], "revision": 12, "content_version": [12, 40]}`. "live" is the
Surrogate-Key / Cache-Tag of every answer that names the latest revision (cache_policy.
surrogate_keys); pinned answers never change and are never purged. The POST runs in a thread
of its own, and a webhook that fails is logged, never failing the publish: the CDN then keeps
live answers until their s-maxage.
"""

from __future__ import annotations

import json
import logging
import threading
import urllib.request

from sqlalchemy import event
from sqlalchemy.orm import Session

from app.config import get_settings
from app.versions import WROTE_CONTENT, content_version

log = logging.getLogger("sharetrack")
PURGED_ON_CHANGE = ["live"]
_installed = threading.Lock()
_listening = False


def install() -> None:
    """Listen for committed content changes (once per process)."""
    global _listening
    with _installed:
        if not _listening:
            event.listen(Session, "before_commit", _before_commit)
            event.listen(Session, "after_commit", _after_commit)
            _listening = True


def _before_commit(session: Session) -> None:
    if session.info.get(WROTE_CONTENT) and get_settings().cdn_purge_webhook:
        session.flush()  # the version this commit makes, with all it writes
        session.info["purge"] = content_version(session)


def _after_commit(session: Session) -> None:
    session.info.pop(WROTE_CONTENT, None)
    version = session.info.pop("purge", None)
    url = get_settings().cdn_purge_webhook
    if version is None or not url:
        return
    body = {"keys": PURGED_ON_CHANGE, "revision": version[0], "content_version": list(version)}
    # Not a daemon: a CLI import exits only once its purge is sent (or has timed out).
    threading.Thread(target=_post, args=(url, body), name="cdn-purge").start()


def _post(url: str, body: dict[str, object]) -> None:
    if not url.startswith(("https://", "http://")):
        log.warning("CDN purge webhook %s is not an http(s) URL; not sent", url)
        return
    request = urllib.request.Request(  # noqa: S310 (http or https, checked above)
        url,
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as answer:  # noqa: S310 (checked above)
            answer.read()
    except OSError as error:
        log.warning("CDN purge webhook %s failed: %s", url, error)
