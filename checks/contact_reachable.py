"""Contact reachable: a contact page or contact block one click from home and on every page.

Principle (002, law 3): make it easy to do business with you; nobody should hunt for a way to ask.
A page links to contact when it has a link whose words or URL say contact/contacto/ayuda/help, or
shows a tel:/mailto: link in its header or footer. Pass: the home page does and so do at least 80 %
of the pages visited. Partial: the home page does, or at least half the pages do. Fail: otherwise.
Good: "Contacto" in the footer menu of every page. Bad: a contact page only reachable via the FAQ.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from touchaudit.caches import URL_CACHE
from touchaudit.message import N_, msg
from touchaudit.model import Evidence, Link, Outcome, PageRecord, Role, SiteSnapshot, Status, Zone
from touchaudit.pages import roles
from touchaudit.registry import CheckMeta, CheckOptions
from touchaudit.text.normalize import words

META = CheckMeta(
    id="contact_reachable",
    reads_words=True,
    category="contact",
    weight=6,
    source="002_caf0b9448fcd49bb.txt",
    title=N_("Contact one click away"),
    recommendation=N_("Put a “Contact” link in the header or footer of every page, leading to a page that lists "
                      "every way to reach you."),
)
LINKED = N_("Linked from the home page; %(percent)s%% of the pages visited link to contact.")
NOT_LINKED = N_("Not linked from the home page; %(percent)s%% of the pages visited link to contact.")
_EDGES = (Zone.HEADER, Zone.FOOTER, Zone.NAV)
_WEAK = frozenset({"help", "ayuda", "support", "soporte", "help center", "centro de ayuda", "ajuda"})
_CONTACT_URL = re.compile(r"conta[ck]t|kontakt", re.I)


def _strength(link: Link, *, text_only: bool = False) -> int:
    """2 for an explicit contact link, 1 for a help/support one, 0 for anything else."""
    return _strength_of(link.text, link.url, text_only)


@lru_cache(maxsize=URL_CACHE)  # menus and footers repeat on every page
def _strength_of(text: str, url: str, text_only: bool) -> int:
    found = roles.roles_of_text(text) + ([] if text_only else roles.roles_of_url(url))
    if not any(rw.role is Role.CONTACT for rw in found):
        return 0
    return 1 if words(text).strip() in _WEAK and not _CONTACT_URL.search(url) else 2


def contact_link(page: PageRecord) -> Link | None:
    """The page's best way to contact: a contact-page link, else a tel:/mailto: in header or footer.

    A link to a fragment of the same page counts by its words only: "Contacto" jumping to the
    footer's contact block does, a "skip to content" link on the contact page does not."""
    best: tuple[int, int, Link] | None = None
    for link in page.links:
        low = link.url.lower()
        edge = 1 if link.zone in _EDGES else 0
        if low.startswith(("http://", "https://")):
            same_page = "#" in link.url and link.url.split("#")[0] == page.final_url.split("#")[0]
            rank = (_strength(link, text_only=same_page) * 2, edge)
        elif low.startswith(("tel:", "mailto:")):
            rank = (max(_strength(link, text_only=True) * 2, edge), edge)
        else:
            continue
        if rank[0] and (best is None or rank > best[:2]):
            best = (*rank, link)
    return best[2] if best else None


def check(site: SiteSnapshot, opts: CheckOptions) -> Outcome:
    pages = [p for p in site.pages if p.status < 400]
    linked = {p.final_url: contact_link(p) for p in pages}
    with_link = [p for p in pages if linked[p.final_url] is not None]
    share = round(len(with_link) / len(pages), 2) if pages else 0.0
    home = site.home
    home_link = linked.get(home.final_url) if home else None
    targets = Counter(l.url for l in linked.values() if l is not None and l.url.startswith("http"))
    contact_pages = [p.final_url for p in pages if p.role is Role.CONTACT]
    contact_url = targets.most_common(1)[0][0] if targets else (contact_pages[0] if contact_pages else None)
    facts = {"contact_url": contact_url, "share_of_pages_linking": share, "linked_from_home": home_link is not None}
    evidence = tuple(
        Evidence(p.final_url, f"{l.text or l.url} → {l.url}"[:300], None, l.zone.value)
        for p in ([home] if home and home_link else []) + [p for p in with_link if p is not home][:2]
        if (l := linked[p.final_url]) is not None
    )
    summary = msg(LINKED if home_link else NOT_LINKED, percent=round(share * 100))
    if home_link and share >= 0.8:
        return Outcome(Status.PASS, facts, evidence, summary=summary)
    if home_link or share >= 0.5:
        return Outcome(Status.PARTIAL, facts, evidence, summary=summary)
    return Outcome(Status.FAIL, facts, evidence, summary=summary)
