"""Find postal addresses in visible text (the street shapes of every language read: vocab/<lang>.toml).

An address tells customers the shop is real, so a false one is worse than a missed one: a match
needs a street word followed by a house number (or a number before an English street word), a PO
box, or a postcode with a city or state beside it. Each hit is widened to its line (or about 120
characters) so the evidence reads as a whole address. Every pattern is anchored on a rare token
and bounded, so 50 KB of text costs a few milliseconds and nothing can backtrack badly.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from touchaudit.text import lexicon
from touchaudit.text.places import find_places

__all__ = ["AddressMatch", "find_addresses", "of_manufacturer"]


@dataclass(frozen=True)
class AddressMatch:
    """One address; `text` is text[start:end] (whitespace runs collapsed to one space)."""

    text: str
    start: int
    end: int
    has_street: bool
    has_postcode: bool


_UP = "A-ZÁÉÍÓÚÑÜÇÃÕÂÊÔÀ"
_LOW = "a-záéíóúñüçãõâêôàè"
_SP = r"[^\S\n]"

# Street words that come before the name ("Calle", "Rua", "Via"; vocab/<lang>.toml, addresses.*);
# listed title-case, upper-case added below.
_ROMANCE_WORDS = list(lexicon.union("addresses.street_before"))
_ROMANCE_ALT = "|".join(_ROMANCE_WORDS + [w.upper() for w in _ROMANCE_WORDS
                                           if w[0].isalpha() and "(" not in w and len(w) > 4])
_CONNECTORS = r"(?:de|del|la|las|los|el|da|do|dos|das|y|e|di|of|the|San|Santa)"
_NAME_TOKEN = rf"(?:{_CONNECTORS}(?!\w)|[{_UP}0-9][\w'’.ºª°/-]{{0,30}}+)"
_NUMBER_PREFIX = (r"(?:n[º°o]\.?|N[º°oO]\.?|núm\.?|num\.?|Núm\.?|#|nave|Nave|local|Local"
                  r"|parcela|Parcela|mz\.?|Mz\.?|lote|Lote)")
_HOUSE_NUMBER = (rf"(?:{_NUMBER_PREFIX}{_SP}*)?(?:\d{{1,5}}[A-Za-z]?(?:{_SP}*[-–]{_SP}*\d{{1,4}}"
                 rf"[A-Za-z]?)?|s/n|S/N|[Kk]m\.?{_SP}*\d{{1,4}}(?:[.,]\d)?)")
_TAIL_OK = (r"(?!" + _SP + r"*(?!(?:piso|planta|local|bajo|of|oficina|dpto|depto|int|interior"
            r"|esq|esquina|entre|puerta|pta|esc|apto|apt|andar|sala|loja|casa|bis|km|bloco"
            r"|torre|col|colonia|barrio|bairro|y|e)\b)[" + _LOW + r"])")

_ROMANCE_STREET = re.compile(
    rf"(?P<kw>{_ROMANCE_ALT})(?!\w){_SP}*"
    # tokens need a space or comma between them (a connector like "e" must not split "Calle" into
    # "Call"+"e"), and a token never gives characters back: no exponential backtracking
    rf"(?P<name>{_NAME_TOKEN}(?:(?:{_SP}+|{_SP}*,{_SP}*){_NAME_TOKEN}){{0,6}}?)"
    rf"{_SP}*,?{_SP}*(?P<num>{_HOUSE_NUMBER})(?![\w/]){_TAIL_OK}"
)

_EN_TYPES = "|".join(lexicon.union("addresses.after_name"))
_EN_STREET = re.compile(
    rf"(?P<num>\d{{1,5}}[A-Za-z]?(?:-\d{{1,5}})?){_SP}+"
    rf"(?P<name>(?:[NSEW]\.?{_SP}+)?[{_UP}0-9][\w'’.-]{{0,30}}"
    rf"(?:{_SP}+[{_UP}0-9][\w'’.-]{{0,30}}){{0,3}}?)"
    rf"{_SP}+(?P<kw>{_EN_TYPES}|{_EN_TYPES.upper()})(?![\w'])"
)
# German-style streets, the type word closing the name: "Schillerstraße 5", "Lebacher Strasse 4".
_SUFFIXES = lexicon.union("addresses.suffixes")
_SUFFIX_STEMS = tuple(dict.fromkeys(re.match(r"[a-z]+", w).group() for w in _SUFFIXES))  # type: ignore[union-attr]
_DE_STREET = re.compile(
    rf"(?P<name>[{_UP}Ä-Ü][\w'’.-]{{1,30}}?(?:{'|'.join(_SUFFIXES)})"
    rf"|[{_UP}Ä-Ü][\w'’.-]{{1,30}}{_SP}+(?:{'|'.join(w[0].upper() + w[1:] for w in _SUFFIXES)}))"
    rf"{_SP}+(?P<num>\d{{1,4}}[a-zA-Z]?(?:{_SP}?[-–/]{_SP}?\d{{1,4}}[a-zA-Z]?)?)(?![\w/])"
)
# French streets, the number first: "12 rue de la Paix", "3 bis, avenue Foch".
_FR_STREET = re.compile(
    rf"(?P<num>\d(?<!\d\d)\d{{0,3}}(?:{_SP}?(?:bis|ter|[A-Za-z]))?),?{_SP}+(?P<kw>{lexicon.by_first_letter([(None, w) for w in lexicon.union('addresses.after_number')])})"
    rf"(?![\w'’]){_SP}+(?:(?:de{_SP}+la|de{_SP}+l['’]|du|des|de|d['’]|la|le|les){_SP}*)?"
    rf"(?P<name>[{_UP}][\w'’.-]{{1,30}}(?:{_SP}+(?:de|du|des|la|le|l['’]|d['’]|et|[{_UP}][\w'’.-]{{0,30}})){{0,4}})"
)
_PO_BOX = re.compile(
    rf"(?:P\.?{_SP}?O\.?{_SP}?Box|PO{_SP}BOX|Apartado(?:{_SP}+(?:de{_SP}+Correos|Postal))?"
    rf"|Apdo\.?|Caixa{_SP}+Postal|Casilla(?:{_SP}+de{_SP}+Correo)?|Post{_SP}+Office{_SP}+Box)"
    rf"{_SP}*(?:n[º°o]\.?|No\.?|#)?{_SP}*\d{{1,6}}\b"
)

_CITY = (rf"(?:[{_UP}][{_LOW}]{{2,}}|[{_UP}]{{4,}}|CABA|CDMX)(?:[{_SP[1:-1]}-]"
         rf"(?:de|del|la|las|los|do|da|dos|[{_UP}][{_LOW}]+|[{_UP}]{{2,}})){{0,3}}")
_CITY_AFTER = re.compile(rf"{_SP}*[,\-–]?{_SP}*\(?({_CITY})")
_CITY_BEFORE = re.compile(rf"[,(\-–]{_SP}*({_CITY}|[{_UP}]{{2}}),?{_SP}*\(?$")
_LOWER_NEXT = re.compile(rf"{_SP}*[{_LOW}]")
_NOT_CITY = frozenset(w.lower() for w in [
    "Productos", "Clientes", "Unidades", "Puntos", "Euros", "Pesos", "Dólares", "Dolares",
    "Artículos", "Articulos", "Pedidos", "Usuarios", "Seguidores", "Opiniones", "Reseñas",
    "Visitas", "Ventas", "Envíos", "Items", "Products", "Customers", "Units", "Reviews",
    "Orders", "Points", "Followers", "Users", "Sold", "Vendidos", "Likes", "Años", "Years",
    "Meses", "Months", "Días", "Days", "Horas", "Hours", "Minutos", "Ref", "Sku", "Nuevo",
    "New", "Oferta", "Total", "Hasta", "Desde", "Más", "Mas", "Por", "Con", "Sin", "Para",
    "The", "And", "Con", "Gratis", "Free", "Precio", "Price", "Stock", "Envío", "Envio",
    "Compra", "Comprar", "Modelo", "Model", "Código", "Codigo", "Talla", "Size", "Color",
    "Descuento", "Clp", "Mxn", "Eur", "Usd", "Ars", "Cop", "Pen", "Brl", "Gbp", "Reais",
    "Soles", "Kg", "Km", "Gb", "Mb", "Tb", "Mah", "Mm", "Cm", "Ml", "Watts", "Pulgadas", "Unid",
    "Uds", "Piezas", "Pack", "Calorías", "Veces", "Personas", "People", "Habitantes", "Tiendas",
    "Stores", "Empleados", "Employees", "Socios", "Miembros", "Members"
])

_POST_MARKER = (r"(?:C\.?" + _SP + r"?P\.?|Cód(?:igo|\.)?" + _SP + r"+[Pp]ostal|Codigo" + _SP
                + r"+[Pp]ostal|CEP|ZIP(?:" + _SP + r"+[Cc]ode)?|Postal" + _SP + r"+[Cc]ode"
                + r"|Postcode|CPA)")
_MARKED_CODE = re.compile(rf"(?P<marker>{_POST_MARKER})[:.]?{_SP}*"
                          rf"(?P<code>\d{{4,5}}(?:-\d{{3,4}})?|[A-Z]\d{{4}}[A-Z]{{3}})\b")

_US_STATES = [
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN",
    "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH",
    "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "PR", "RI", "SC", "SD", "TN", "TX",
    "UT", "VT", "VA", "WA", "WV", "WI", "WY"
]
_US_ZIP = re.compile(rf"(?P<state>{'|'.join(_US_STATES)}){_SP}+"
                     rf"(?P<code>\d{{5}}(?:-\d{{4}})?)(?![\w-])")
_GB_POSTCODE = re.compile(r"(?P<code>[A-Z]{1,2}\d[A-Z\d]?" + _SP + r"\d[ABD-HJLNP-UW-Z]{2})\b")
_CA_POSTCODE = re.compile(r"(?P<prov>AB|BC|MB|NB|NL|NS|NT|NU|ON|PE|QC|SK|YT)" + _SP + r"+"
                          r"(?P<code>[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z]" + _SP
                          + r"?\d[ABCEGHJ-NPRSTV-Z]\d)\b")
_AR_CPA = re.compile(r"(?P<code>[A-HJ-NP-Z]\d{4}[A-Z]{3})(?![\w-])")

# Bare numeric postcodes per region; they count only with a city beside them.
_NUMERIC_CODES: dict[str, str] = {
    "ES": r"(?:0[1-9]|[1-4]\d|5[0-2])\d{3}", "MX": r"\d{5}", "PE": r"\d{5}", "FR": r"\d{5}",
    "IT": r"\d{5}", "GT": r"\d{5}", "CR": r"\d{5}",
    "UY": r"\d{5}", "DO": r"\d{5}", "HN": r"\d{5}", "SV": r"\d{4}", "CU": r"\d{5}",
    "AR": r"\d{4}", "CL": r"\d{7}", "CO": r"\d{6}", "EC": r"\d{6}", "VE": r"\d{4}",
    "PY": r"\d{4}", "BO": r"\d{4}", "PA": r"\d{4}", "NI": r"\d{5}", "PR": r"\d{5}",
    "PT": r"\d{4}-\d{3}", "BR": r"\d{5}-?\d{3}",
}
# German capitalises every noun ("10895 Kundenbewertungen", "Fondue-Set 42559"): a bare number
# before a capitalised word is no postcode there. German addresses are found by their street.
_FOUR_DIGIT_REGIONS = frozenset({"AR", "SV", "VE", "PY", "BO", "PA"})
_ALWAYS_NUMERIC = (r"\d{4}-\d{3}", r"\d{5}-\d{3}")  # PT and BR shapes are distinctive enough
_POSTCODE_LABELS = frozenset({"zip", "postal", "plz", "cap", "code postal", "cep"})
_NEGATIVE_BEFORE = re.compile(
    r"(?:[€$£]|\b(?:sku|ref|cód|cod|código|ean|pedido|order|tel|teléfono|phone|fax|nif|cif"
    r"|rfc|cuit|rut|cnpj|vat|precio|price|modelo|model|art|item|tomo|folio|hoja|libro|secci[oó]n"
    r"|inscripci[oó]n|registro|asiento|volume|vol|page|p[aá]g|#|"
    # what labels an order, article or tax number in every language read (not a postcode's own label)
    + "|".join(w for w in lexicon.union("phones.other_labels") if w not in _POSTCODE_LABELS)
    + r"))[\s.:#-]*$", re.IGNORECASE)

_BREAK = re.compile(r"\n|\s[|·•]\s|\t")
_MAX_SPAN = 120
_COUNTRIES = re.compile(
    r"(?:España|Spain|México|Mexico|Argentina|Chile|Colombia|Perú|Peru|Uruguay|Ecuador"
    r"|Venezuela|Bolivia|Paraguay|Costa Rica|Guatemala|Panamá|Panama|Portugal|Brasil|Brazil"
    r"|United States|USA|United Kingdom|UK|Canada|Ireland|Deutschland|Germany|France|Italia|Italy|Österreich"
    r"|Schweiz|Suisse|Svizzera|Belgique|Luxembourg)\.?")


def _city_beside(text: str, start: int, end: int) -> bool:
    """A capitalised place name right after (or right before) the postcode."""
    if _LOWER_NEXT.match(text, end, end + 3):
        return False  # "12345 productos": a quantity, not a postcode
    after = _CITY_AFTER.match(text, end, end + 60)
    if after and not {w.lower() for w in after.group(1).split()[:2]} & _NOT_CITY:
        return True
    before = text[max(0, start - 40):start]
    m = _CITY_BEFORE.search(before)
    if not m or _NEGATIVE_BEFORE.search(before):
        return False
    words = m.group(1).split()
    return not ({words[0].lower(), words[-1].lower()} & _NOT_CITY) and words[-1][0].isupper()


# One cheap scan for every digit group that could be a postcode; the region's shapes are then
# checked on each candidate, which is several times faster than an alternation over the page.
_NUMERIC_CANDIDATE = re.compile(r"\d(?<!\d\d)\d{3,6}(?:-\d{3})?(?![\w/+]|[.,-]\d)")


@lru_cache(maxsize=64)
def _numeric_pattern(shapes: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(shapes))


def _free_before(text: str, index: int, also: str = "") -> bool:
    """No letter, digit or listed character right before `index` (a word start)."""
    return index == 0 or not (text[index - 1].isalnum() or text[index - 1] in also)


def _postcode_spans(text: str, region: str | None) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for m in _MARKED_CODE.finditer(text):
        if not _free_before(text, m.start()):
            continue
        if m.group("marker") in ("CP", "Cp", "cp") and len(m.group("code")) < 5 \
                and region not in _FOUR_DIGIT_REGIONS:
            continue  # "CP 4017" is as often a model name as a postcode
        spans.append((m.start(), m.end()))
    for m in _US_ZIP.finditer(text):
        before = text[max(0, m.start() - 3):m.start()]
        if re.search(rf"(?:,{_SP}*|[{_LOW}]{_SP}+)$", before):
            spans.append((m.start("state"), m.end()))
    for m in _CA_POSTCODE.finditer(text):
        if _free_before(text, m.start()):
            spans.append((m.start(), m.end()))
    for m in _GB_POSTCODE.finditer(text):
        if not _free_before(text, m.start()):
            continue
        code = m.group("code")
        if code.endswith(("GB", "TB", "MB", "KB")):
            continue  # "M2 4GB" is a memory size
        if region in ("GB", "IE", None) or _city_beside(text, m.start(), m.end()):
            spans.append((m.start(), m.end()))
    for m in _AR_CPA.finditer(text):
        if _free_before(text, m.start(), "-") and _city_beside(text, m.start(), m.end()):
            spans.append((m.start(), m.end()))
    shapes = list(_ALWAYS_NUMERIC)
    if region in _NUMERIC_CODES:
        shapes.append(_NUMERIC_CODES[region])
    elif region is None:
        shapes.append(r"\d{5}")
    shape = _numeric_pattern(tuple(shapes))
    for m in _NUMERIC_CANDIDATE.finditer(text):
        if not shape.fullmatch(m.group()) or not _free_before(text, m.start(), ".,/+-"):
            continue
        before = text[max(0, m.start() - 30):m.start()]
        if _NEGATIVE_BEFORE.search(before):
            continue
        if _city_beside(text, m.start(), m.end()):
            spans.append((m.start(), m.end()))
    return spans


def _street_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for m in _ROMANCE_STREET.finditer(text):
        if not _free_before(text, m.start(), "/."):
            continue
        name, num = m.group("name"), m.group("num")
        numeric_name = re.fullmatch(r"[\d\s]+[A-Za-z]?(?:\s*(?:bis|Bis|Sur|Norte|Este))?", name)
        if numeric_name and not re.search(r"#|[Nn][º°oO]|-", num):
            continue  # "Calle 23" alone is a product name; Colombian streets say "# 71-21"
        spans.append((m.start(), m.end()))
    for m in _EN_STREET.finditer(text):
        if not _free_before(text, m.start(), ".,/-"):
            continue
        spans.append((m.start(), m.end()))
    for m in _PO_BOX.finditer(text):
        if not _free_before(text, m.start()):
            continue
        spans.append((m.start(), m.end()))
    low = text.lower()
    if any(stem in low for stem in _SUFFIX_STEMS):
        spans.extend((m.start(), m.end()) for m in _DE_STREET.finditer(text) if _free_before(text, m.start()))
    spans.extend((m.start(), m.end()) for m in _FR_STREET.finditer(text) if _free_before(text, m.start(), ".,/-"))
    return spans


_TOKEN = re.compile(r"\S+")
_LOWER_OK = frozenset([
    "de", "del", "la", "las", "los", "el", "y", "e", "da", "do", "dos", "das", "di", "of",
    "the", "at", "piso", "planta", "local", "bajo", "oficina", "of.", "of", "int.", "int",
    "esq.", "esq", "entre", "col.", "nº", "n°", "no.", "nro.", "núm.", "s/n", "km", "km.",
    "dpto.", "depto.", "apto.", "apt.", "apt", "andar", "sala", "loja", "bairro", "barrio",
    "suite", "unit", "floor", "fl.", "bis", "dcha.", "izq.", "dcha", "izq", "pta.", "esc.",
    "c.p.", "cp", "c/", "sur", "norte", "este", "oeste"
])


_STOP = frozenset([
    "tel", "tel.", "teléfono", "telefono", "telefone", "phone", "tlf", "tlf.", "telf.", "fax",
    "email", "e-mail", "correo", "mail", "cif", "nif", "cif:", "p.iva", "vat", "rfc", "cuit",
    "rut", "cnpj", "nit", "ruc", "horario", "hours", "whatsapp", "móvil", "movil"
])


def _address_token(token: str) -> bool:
    """Tokens that can sit inside an address line: names, numbers, short abbreviations."""
    core = token.strip(",;()-–")
    if core.lower().rstrip(":") in _STOP:
        return False
    if not core:
        return ":" not in token
    if core.endswith(":"):
        return False
    if core.lower() in _LOWER_OK or any(c.isdigit() for c in core):
        return True
    first = next((c for c in core if c.isalpha()), "")
    return first.isupper() or not first


def _ends_sentence(token: str) -> bool:
    core = token.rstrip(",;)")
    return core.endswith((".", "!", "?")) and len(core.rstrip(".")) > 4 and \
        core.lower() not in _LOWER_OK


def _widen(text: str, start: int, end: int, is_street: bool) -> tuple[int, int]:
    """Grow a hit over neighbouring address-like words on its line (names, numbers, city).

    Street hits start at their street word or number; a bare postcode hit also takes the words
    before it, where the street of "Mayor 10, 28013 Madrid" sits.
    """
    left_limit = max(0, start - 60)
    breaks = list(_BREAK.finditer(text, left_limit, start))
    left_limit = breaks[-1].end() if breaks else left_limit
    new_start = start
    for token in [] if is_street else reversed(list(_TOKEN.finditer(text, left_limit, start))):
        if not _address_token(token.group()) or _ends_sentence(token.group()):
            break
        new_start = token.start()
    right_limit = min(len(text), max(end, new_start + _MAX_SPAN))
    nxt = _BREAK.search(text, end, right_limit)
    right_limit = nxt.start() if nxt else right_limit
    new_end = end
    for token in _TOKEN.finditer(text, end, right_limit):
        if not _address_token(token.group()):
            break
        new_end = token.end()
        if _ends_sentence(token.group()):
            break
    tail = text[end:new_end].split()
    while tail and tail[-1].strip(",;").lower() in _LOWER_OK and not any(
            c.isdigit() for c in tail[-1]):
        new_end = text.rindex(tail.pop(), end, new_end)
    while new_end > end and text[new_end - 1] in " \t,;:-–(":
        new_end -= 1
    last_token = text[start:new_end].split()[-1]
    if new_end > end and text[new_end - 1] == "." and _ends_sentence(last_token):
        new_end -= 1
    while new_start < start and text[new_start] in ",;:-–()":
        new_start += 1
    return new_start, new_end


# "Dirección: Manuel Rodríguez 730" — Latin American addresses often name the street without a
# street word; a label saying "this is the address" plus a name and a house number is enough.
_ADDRESS_LABEL = re.compile(r"(?:" + "|".join(lexicon.union("addresses.labels")) + r")[^\S\n]*:?[^\S\n]*\n?[^\S\n]*")
_LABELLED_STREET = re.compile(
    rf"(?:{_NAME_TOKEN}{_SP}+){{1,6}}?(?:{_NUMBER_PREFIX}{_SP}*)?\d{{1,5}}[A-Za-z]?(?![\d/:%]|[.,]\d|{_SP}*(?:€|\$|%|h\b|hs\b|horas|hrs))"
)


def _labelled_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    for label in _ADDRESS_LABEL.finditer(text):
        street = _LABELLED_STREET.match(text, label.end(), min(len(text), label.end() + 90))
        if street and "\n" not in street.group(0) and street.group(0)[:1].isupper():
            spans.append((label.end(), street.end()))
    return spans


# An address line closed by a known place ("Los Leones 1540, Providencia", "Manuel Rodríguez 730,
# Santiago de Chile", "Omni Shopping Centre, Santry, Dublin 9"): a street named without a street
# word, or a building with no house number, is an address once a city of the vocabulary ends it.
_BEFORE_PLACE_NUMBERED = re.compile(
    rf"(?P<street>(?:{_NAME_TOKEN}{_SP}+){{1,5}}?(?:{_NUMBER_PREFIX}{_SP}*)?\d{{1,5}}[A-Za-z]?)"
    rf"(?:{_SP}+[^,\n]{{0,30}}?)?{_SP}*,{_SP}*(?:[^,\n]{{1,40}},{_SP}*){{0,2}}$"
)
_BEFORE_PLACE_UNNUMBERED = re.compile(rf"(?P<street>(?:[^,\n]{{2,50}},{_SP}*){{1,3}})$")
_BUILDING = re.compile(
    r"(?<!\w)(?:" + _ROMANCE_ALT + "|" + _EN_TYPES + r"|Cent(?:re|er|ro)|Shopping|Park|Parque|House|Building"
    r"|Edificio|Floor|Piso|Suite|Unit|Oficina|Local|Nave|Galer[ií]a|Mall|Torre|Tower|Industrial|Estate)(?!\w)"
)


def _place_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    for place in find_places(text):
        if not place.city:
            continue
        line_start = text.rfind("\n", 0, place.start) + 1
        if line_start > 1 and text[line_start - 2] == ",":  # "Luis Thayer Ojeda 0115,\nProvidencia"
            line_start = text.rfind("\n", 0, line_start - 1) + 1
        line_start = max(line_start, place.start - 110)
        before = text[line_start:place.start].replace("\n", " ")
        numbered = _BEFORE_PLACE_NUMBERED.search(before)
        if numbered and _plausible_street(numbered.group("street")):
            spans.append((line_start + numbered.start(), place.end))
            continue
        plain = _BEFORE_PLACE_UNNUMBERED.search(before)
        if plain and _BUILDING.search(plain.group("street")) and all(
                _address_token(t) for t in plain.group("street").split()):
            spans.append((line_start + plain.start(), place.end))
    return spans


def _plausible_street(street: str) -> bool:
    """A capitalised name, not a label or a product ("Envíos 24", "Modelo 730")."""
    first = street.split()[0]
    return first[0].isupper() and first.lower().strip(":") not in _STOP and first.lower() not in _NOT_CITY


def find_addresses(text: str, region: str | None) -> list[AddressMatch]:
    """Postal addresses in visible text, widened to a readable line, in order, not overlapping."""
    region = region.upper() if region else None
    hits: list[tuple[int, int, bool]] = [(s, e, True) for s, e in _street_spans(text)]
    hits += [(s, e, True) for s, e in _labelled_spans(text)]
    hits += [(s, e, True) for s, e in _place_spans(text)]
    hits += [(s, e, False) for s, e in _postcode_spans(text, region)]
    if not hits:
        return []
    spans: list[list[int]] = []  # [start, end, has_street, has_postcode]
    for s, e, is_street in sorted(hits):
        ls, le = _widen(text, s, e, is_street)
        spans.append([ls, le, int(is_street), int(not is_street)])
    merged: list[list[int]] = []
    for span in spans:
        if merged:
            last = merged[-1]
            gap = text[last[1]:span[0]]
            close = span[0] <= last[1] or (not gap.strip(" \t\n,;") and gap.count("\n") <= 2)
            if close and max(span[1], last[1]) - last[0] <= _MAX_SPAN + 60:
                last[1] = max(last[1], span[1])
                last[2] |= span[2]
                last[3] |= span[3]
                continue
        merged.append(span)
    results: list[AddressMatch] = []
    for start, end, street, post in merged:
        country = re.match(rf"{_SP}*[,\n]?{_SP}*\n?{_SP}*({_COUNTRIES.pattern})(?=\s|$|[,.])",
                           text[end:end + 40])
        if country:
            end += country.end()
        results.append(AddressMatch(text=" ".join(text[start:end].split()), start=start,
                                    end=end, has_street=bool(street), has_postcode=bool(post)))
    return results


# Product-safety details name the maker's or importer's address on product pages ("Anschrift
# Hersteller/Importeur", "Fabricado por", "Manufacturer:"): an address, but not the shop's.
_MAKER_LABEL = re.compile(
    r"(?:hersteller|importeur|manufacturer|manufactured by|importer|imported by|fabricante|fabricado por"
    r"|importador|importado por|distribuido por|fabricant|produttore|fabbricante|fabricado en)[^\n]{0,20}\n?[^\n]{0,30}$",
    re.IGNORECASE)


def of_manufacturer(text: str, start: int) -> bool:
    """Is the address at `start` labelled as a manufacturer's or importer's?"""
    return _MAKER_LABEL.search(text, max(0, start - 70), start) is not None
