"""Markers of chat, messaging, callback and payment-icon widgets that only exist as markup or inline scripts.

The page builder keeps these tokens (not the scripts) so checks can recognise providers whose
loader is an inline snippet (Tawk_API, $crisp, intercomSettings...).
"""
from __future__ import annotations

import re
from functools import lru_cache



def _hints(pattern: str) -> tuple[str, ...]:
    """The literal start of each alternative ("embed\\.tawk\\.to/[0-9a-f]..." -> "embed.tawk.to/").

    A plain substring test on these runs at C speed; the regex only confirms the few scripts that
    contain one (inline scripts are large and a page has dozens)."""
    hints = []
    for alternative in pattern.split("|"):
        literal = re.match(r"(?:\\b)?((?:\\.|[^\\.[\](){}*+?^$])+)", alternative)
        hints.append(re.sub(r"\\(.)", r"\1", literal.group(1)) if literal else "")
    return tuple(h for h in hints if h) if all(hints) else ("",)


# Inline-script globals -> provider token stored as "inline:<token>" in PageRecord.scripts.
INLINE_MARKERS: tuple[tuple[str, tuple[str, ...], re.Pattern[str]], ...] = tuple(
    (token, _hints(pattern), re.compile(pattern))
    for token, pattern in (
        ("tawk.to", r"embed\.tawk\.to/[0-9a-f]{16,}"),  # a loader with an empty property id shows nothing
        ("tidio", r"tidioChatCode|code\.tidio\.co"),
        ("zendesk", r"\bzE\(|zopim|static\.zdassets\.com|ze-snippet"),
        ("intercom", r"intercomSettings|widget\.intercom\.io"),
        ("crisp", r"\$crisp|CRISP_WEBSITE_ID|client\.crisp\.chat"),
        ("livechat", r"__lc\.license|LiveChatWidget|cdn\.livechatinc\.com"),
        ("drift", r"drift\.load|js\.driftt\.com"),
        ("freshchat", r"fcWidget|wchat\.freshchat\.com"),
        ("hubspot", r"hs-scripts\.com|js\.usemessages\.com|HubSpotConversations"),
        ("jivochat", r"jivo_|code\.jivosite\.com|code\.jivo\.ru"),
        ("zoho_salesiq", r"\$zoho\.salesiq|salesiq\.zoho"),
        ("smartsupp", r"_smartsupp|smartsuppchat\.com"),
        ("olark", r"\bolark\(|static\.olark\.com"),
        ("messenger", r"fb-customerchat|xfbml\.customerchat"),
        ("whatsapp", r"wa\.me/|api\.whatsapp\.com|web\.whatsapp\.com"),
        ("gorgias", r"gorgias\.chat|gorgias-chat"),
        ("userlike", r"userlike-cdn|userlike\.com"),
        ("botmaker", r"botmaker\.com"),
        ("salesforce", r"embedded_svc\.init|salesforceliveagent\.com|liveagent\.init"),
        ("callbell", r"callbell\.eu"),
        ("getbutton", r"getbutton\.io"),
        ("chatra", r"ChatraID|call\.chatra\.io"),
    )
)

# id/class tokens worth keeping (chat bubbles, WhatsApp buttons, callback forms).
CLASS_MARKER = re.compile(
    r"chat|whatsapp|wa-|tawk|tidio|zendesk|crisp|intercom|livechat|drift|freshchat|hubspot|jivo|"
    r"zsiq|smartsupp|olark|messenger|customerchat|callback|call-back|llamada|videollamada|video-call|"
    r"payment|visa|mastercard|paypal|amex|maestro|klarna|bizum|mercadopago|mercado-pago|oxxo|applepay|apple-pay|googlepay"
)


def inline_tokens(script: str) -> list[str]:
    return [
        "inline:" + token
        for token, hints, pattern in INLINE_MARKERS
        if any(h in script for h in hints) and pattern.search(script)
    ]


@lru_cache(maxsize=16384)
def marked_tokens(marker: str) -> tuple[str, ...]:
    """Widget tokens among an element's id and classes; class strings repeat, so answers are cached."""
    low = marker.lower()
    if not CLASS_MARKER.search(low):
        return ()
    return tuple(t for t in low.split() if CLASS_MARKER.search(t))
