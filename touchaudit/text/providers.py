"""Live-chat and messaging providers, recognised by script/iframe hosts, inline loaders and markup.

Each entry: provider name, the channel it gives (CHANNELS vocabulary), and the URL fragments of
its loader or widget. Inline loaders arrive as "inline:<name>" tokens from the page builder.
"""
from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Provider:
    name: str
    channel: str
    url_parts: tuple[str, ...]
    class_parts: tuple[str, ...] = ()


PROVIDERS: tuple[Provider, ...] = (
    Provider("tawk.to", "live_chat", ("embed.tawk.to/",), ("tawk-",)),
    Provider("tidio", "live_chat", ("code.tidio.co/", "tidio.co/"), ("tidio-chat",)),
    Provider("zendesk", "live_chat", ("static.zdassets.com/ekr/snippet", "v2.zopim.com", "zopim.com"), ("zopim",)),
    Provider("intercom", "live_chat", ("widget.intercom.io/", "js.intercomcdn.com/"), ("intercom-launcher",)),
    Provider("crisp", "live_chat", ("client.crisp.chat/",), ("crisp-client",)),
    Provider("livechat", "live_chat", ("cdn.livechatinc.com/", "livechatinc.com/tracking"), ("livechat-widget",)),
    Provider("drift", "live_chat", ("js.driftt.com/", "drift.com/include"), ("drift-widget",)),
    Provider("freshchat", "live_chat", ("wchat.freshchat.com/", "snippets.freshchat.com/"), ("fc_widget",)),
    Provider("hubspot", "live_chat", ("js.usemessages.com/", "js.hs-scripts.com/"), ("hubspot-messages",)),
    Provider("jivochat", "live_chat", ("code.jivosite.com/", "code.jivo.ru/"), ("jivo-",)),
    Provider("zoho_salesiq", "live_chat", ("salesiq.zoho.com/", "salesiq.zohopublic.com/"), ("zsiq_",)),
    Provider("smartsupp", "live_chat", ("smartsuppchat.com/", "www.smartsuppchat.com/loader"), ("smartsupp",)),
    Provider("olark", "live_chat", ("static.olark.com/",), ("olark",)),
    Provider("gorgias", "live_chat", ("config.gorgias.chat/", "gorgias.chat/"), ("gorgias-chat",)),
    Provider("userlike", "live_chat", ("userlike-cdn-widgets.s3", "userlike.com/"), ()),
    Provider("chatra", "live_chat", ("call.chatra.io/",), ("chatra",)),
    Provider("salesforce", "live_chat", ("salesforceliveagent.com/", "service.force.com/embeddedservice", "embeddedservice/"), ("embeddedservice",)),
    Provider("botmaker", "live_chat", ("go.botmaker.com/", "botmaker.com/"), ()),
    Provider("messenger", "messenger", ("connect.facebook.net/es_la/sdk/xfbml.customerchat", "xfbml.customerchat"), ("fb-customerchat",)),
    Provider("whatsapp", "whatsapp", ("wa.me/", "api.whatsapp.com/send", "web.whatsapp.com/send", "callbell.eu/", "getbutton.io/"), ("whatsapp-button", "wa-chat", "joinchat", "whatsapp-float", "btn-whatsapp")),
)
# wa.me/<number> and api.whatsapp.com/send?phone=<number> reach the shop; ?text= alone is a share button.
_WHATSAPP_SHARE = re.compile(r"(?:wa\.me/?\?|whatsapp\.com/send/?\?(?!.*\bphone=\d)|whatsapp://send\?(?!.*\bphone=\d))", re.I)


def match_url(url: str) -> Provider | None:
    low = url.lower()
    if low.startswith("inline:"):
        name = low[7:]
        return next((p for p in PROVIDERS if p.name == name or (name == "callbell" or name == "getbutton") and p.name == "whatsapp"), None)
    if _WHATSAPP_SHARE.search(low):
        return None
    return next((p for p in PROVIDERS if any(part in low for part in p.url_parts)), None)


def match_class(token: str) -> Provider | None:
    low = token.lower()
    if "share" in low:
        return None
    return next((p for p in PROVIDERS if any(low.startswith(part) or part in low for part in p.class_parts)), None)
