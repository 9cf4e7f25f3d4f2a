"""Find company tax/registration ids and legal entity names, the proof that a shop is a real firm.

A random number taken for a company id would certify a shop that identifies nobody, so precision
beats recall: a value counts only when python-stdnum validates it (checksums, and the format for
schemes without one: US EIN, UK company numbers), it sits right after its label ("CIF:", "RUT",
"VAT No") — or, without a label, when its format is unmistakable and it carries a checksum (Spanish
CIF letter+8, EU VAT with its country prefix, formatted CNPJ, hyphenated CUIT, Mexican RFC).

Labels are searched as literal-led rules over a lower-cased copy of the text, and unlabelled ids
only around runs of 6+ digits, so a 50 KB page costs about a millisecond or two.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType

from stdnum import exceptions as stdnum_exceptions
from stdnum.ar import cuit as ar_cuit
from stdnum.au import abn as au_abn
from stdnum.br import cnpj as br_cnpj
from stdnum.br import cpf as br_cpf
from stdnum.cl import rut as cl_rut
from stdnum.co import nit as co_nit
from stdnum.ec import ruc as ec_ruc
from stdnum.es import cif as es_cif
from stdnum.es import dni as es_dni
from stdnum.es import nie as es_nie
from stdnum.fr import siren as fr_siren
from stdnum.fr import siret as fr_siret
from stdnum.fr import tva as fr_tva
from stdnum.it import codicefiscale as it_cf
from stdnum.it import iva as it_iva
from stdnum.eu import vat as eu_vat
from stdnum.gb import vat as gb_vat
from stdnum.gt import nit as gt_nit
from stdnum.mx import rfc as mx_rfc
from stdnum.pe import ruc as pe_ruc
from stdnum.pt import nif as pt_nif
from stdnum.py import ruc as py_ruc
from stdnum.us import ein as us_ein
from stdnum.uy import rut as uy_rut

from touchaudit.text.normalize import lower_same_length, word_start

__all__ = ["CompanyName", "TaxId", "find_company_names", "find_tax_ids"]


@dataclass(frozen=True)
class TaxId:
    """One validated id; `value` is the compact form, `text` is text[start:end] (label included)."""

    scheme: str
    value: str
    country: str
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class CompanyName:
    """A legal entity name with its legal form; `name` has its spaces normalised."""

    name: str
    text: str
    start: int
    end: int


# A validator turns a raw value into (scheme, compact value, country) or None.
Validator = Callable[[str, str], "tuple[str, str, str] | None"]


def _stdnum(module: ModuleType, scheme: str | None, country: str,
            **kwargs: bool) -> Validator:
    """Validator from a stdnum module; scheme None means "the label's own name"."""
    def validate(raw: str, label: str) -> tuple[str, str, str] | None:
        try:
            value = module.validate(raw, **kwargs)
        except (stdnum_exceptions.ValidationError, ValueError, KeyError):
            return None
        return (scheme or label, str(value), country)
    return validate


def _spain(raw: str, label: str) -> tuple[str, str, str] | None:
    """Spanish NIF family, named by what the value is: CIF (firms), NIE (foreigners), NIF."""
    for module, scheme in ((es_cif, "CIF"), (es_nie, "NIE"), (es_dni, "NIF")):
        try:
            return (scheme, str(module.validate(raw)), "ES")
        except stdnum_exceptions.ValidationError:
            continue
    return None


def _eu_vat(raw: str, label: str) -> tuple[str, str, str] | None:
    if not re.fullmatch(r"[A-Z]{2}[0-9A-Z]{8,12}", re.sub(r"[\s.\-/]", "", raw)):
        return None
    try:
        value = str(eu_vat.validate(raw))
    except stdnum_exceptions.ValidationError:
        return None
    country = {"EL": "GR", "XI": "GB"}.get(value[:2], value[:2])
    return ("VAT", value, country)


def _gb_vat(raw: str, label: str) -> tuple[str, str, str] | None:
    try:
        value = str(gb_vat.validate(raw))
    except stdnum_exceptions.ValidationError:
        return None
    return ("VAT", value if value.startswith("GB") else "GB" + value, "GB")


def _gb_company(raw: str, label: str) -> tuple[str, str, str] | None:
    """UK company number: no checksum, so only its exact shape after an explicit label."""
    compact = re.sub(r"[\s.]", "", raw).upper()
    if re.fullmatch(r"\d{8}|(?:SC|NI|OC|SO|NC|R0|FC|LP|SL|SE)\d{6}", compact):
        return ("CRN", compact, "GB")
    return None


def _ie_company(raw: str, label: str) -> tuple[str, str, str] | None:
    """Irish CRO company number: up to six digits, no checksum, so only after an explicit label."""
    compact = re.sub(r"[\s.]", "", raw)
    return ("CRO", compact, "IE") if re.fullmatch(r"\d{5,6}", compact) else None


def _ein(raw: str, label: str) -> tuple[str, str, str] | None:
    """US EIN: stdnum checks the campus prefix only (no checksum), so it is label-only and
    must be written the usual way, 12-3456789."""
    if not re.fullmatch(r"\d{2}-\d{7}", raw):
        return None
    return _stdnum(us_ein, "EIN", "US")(raw, label)


def _de_register(raw: str, label: str) -> tuple[str, str, str] | None:
    """Handelsregister number (HRB/HRA 12345): no checksum, so only its shape after the label."""
    compact = re.sub(r"[\s.]", "", raw)
    return ("HRB" if label == "HRB" else "HRA", compact, "DE") if re.fullmatch(r"\d{3,6}(?:[A-Z]{1,2})?", compact) else None


def _it_vat(raw: str, label: str) -> tuple[str, str, str] | None:
    """Partita IVA written without its IT prefix ("P.IVA 02502030733"): the Italian checksum."""
    compact = re.sub(r"[\s.]", "", raw).upper().removeprefix("IT")
    try:
        return ("VAT", "IT" + str(it_iva.validate(compact)), "IT")
    except stdnum_exceptions.ValidationError:
        return None


_ES = _spain
_PT = _stdnum(pt_nif, "NIF", "PT")
_VALIDATORS: dict[str, tuple[tuple[str, Validator], ...]] = {
    # family: ((country, validator), ...) tried in order; a region hint moves its country first
    "es": (("ES", _ES), ("PT", _PT), ("", _eu_vat)),
    "pt": (("PT", _PT),),
    "rfc": (("MX", _stdnum(mx_rfc, "RFC", "MX", validate_check_digits=True)),),
    "cuit": (("AR", _stdnum(ar_cuit, None, "AR")),),
    "rut": (("CL", _stdnum(cl_rut, "RUT", "CL")), ("UY", _stdnum(uy_rut, "RUT", "UY"))),
    "ruc": (("PE", _stdnum(pe_ruc, "RUC", "PE")), ("EC", _stdnum(ec_ruc, "RUC", "EC")),
            ("PY", _stdnum(py_ruc, "RUC", "PY"))),
    "nit": (("CO", _stdnum(co_nit, "NIT", "CO")), ("GT", _stdnum(gt_nit, "NIT", "GT"))),
    "cnpj": (("BR", _stdnum(br_cnpj, "CNPJ", "BR")),),
    "cpf": (("BR", _stdnum(br_cpf, "CPF", "BR")),),
    "vat": (("", _eu_vat), ("GB", _gb_vat), ("ES", _ES), ("PT", _PT)),
    "ein": (("US", _ein),),
    "abn": (("AU", _stdnum(au_abn, "ABN", "AU")),),
    "crn": (("GB", _gb_company),),
    "registration": (("GB", _gb_company), ("IE", _ie_company)),
    "piva": (("", _eu_vat), ("IT", _it_vat)),
    "cf": (("IT", _stdnum(it_cf, "CF", "IT")), ("IT", _it_vat)),
    "siren": (("FR", _stdnum(fr_siren, "SIREN", "FR")),),
    "siret": (("FR", _stdnum(fr_siret, "SIRET", "FR")),),
    "tva": (("", _eu_vat), ("FR", _stdnum(fr_tva, "VAT", "FR"))),
    "hrb": (("DE", _de_register),),
}

_D = r"\.?\s?"  # optional dot and space between the letters of "C.I.F."
# (family, label pattern over lower-cased text, scheme name the label gives)
_LABEL_RULES: tuple[tuple[str, str, str], ...] = (
    ("es", rf"n{_D}i{_D}f(?:\.?\s?[-/]\s?(?:iva|vat|c{_D}i{_D}f))?", "NIF"),
    ("es", rf"c{_D}i{_D}f(?:\.?\s?[-/]\s?n{_D}i{_D}f)?", "CIF"),
    ("es", rf"n{_D}i{_D}e", "NIE"),
    ("es", r"dni", "NIF"),
    ("pt", r"nipc", "NIF"),
    ("pt", r"contribuinte", "NIF"),
    ("pt", r"n[uú]mero de contribuinte", "NIF"),
    ("rfc", rf"r{_D}f{_D}c", "RFC"),
    ("rfc", r"registro federal de contribuyentes", "RFC"),
    ("cuit", rf"c{_D}u{_D}i{_D}t", "CUIT"),
    ("cuit", rf"c{_D}u{_D}i{_D}l", "CUIL"),
    ("rut", rf"r{_D}u{_D}t", "RUT"),
    ("rut", r"run", "RUT"),
    ("rut", r"rol [uú]nico tributario", "RUT"),
    ("ruc", rf"r{_D}u{_D}c", "RUC"),
    ("nit", rf"n{_D}i{_D}t", "NIT"),
    ("cnpj", r"cnpj", "CNPJ"),
    ("cpf", r"cpf", "CPF"),
    ("vat", r"vat(?:\s(?:reg(?:istration)?\.?|id|no\.?|number|nr\.?|code))*", "VAT"),
    ("vat", r"iva", "VAT"),
    ("vat", r"n[uú]mero de iva", "VAT"),
    ("piva", r"partita iva", "VAT"),
    ("piva", r"p\.\s?iva", "VAT"),
    ("piva", r"piva", "VAT"),
    ("cf", r"codice fiscale", "CF"),
    ("cf", r"c\.\s?f\.", "CF"),
    ("tva", r"tva(?: intracom\w*)?", "VAT"),
    ("tva", r"n[°º]\s?tva(?: intracom\w*)?", "VAT"),
    ("siren", r"siren", "SIREN"),
    ("siret", r"siret", "SIRET"),
    ("siren", r"rcs(?: [a-zé-]+){1,2}", "SIREN"),
    ("hrb", r"hrb", "HRB"),
    ("hrb", r"hra", "HRA"),
    ("hrb", r"handelsregister(?:nummer)?:?\s?(?:hrb)?", "HRB"),
    ("vat", r"ust-?id(?:nr)?\.?", "VAT"),
    ("ein", r"ein", "EIN"),
    ("ein", r"employer identification number", "EIN"),
    ("ein", r"tax id(?:entification number)?", "EIN"),
    ("ein", r"federal tax id(?:entification number)?", "EIN"),
    ("abn", r"abn", "ABN"),
    ("crn", r"company (?:reg(?:istration)?\.? )?(?:no\.?|number)", "CRN"),
    ("crn", r"crn", "CRN"),
    ("registration", r"registration (?:no\.?|number)", "CRN"),
    ("registration", r"registered (?:in ireland )?(?:no\.?|number)", "CRO"),
    ("registration", r"cro (?:no\.?|number)", "CRO"),
    ("crn", (r"registered in england(?: and| &) wales(?:,)?(?: with)?(?: company)?"
             r" (?:no\.?|number)"), "CRN"),
)
# Between label and value: colon, "nº", "No.", "number", "#"; value: up to 30 id characters.
_AFTER_LABEL = (r"(?!\w)[\s:.#º°\-]*(?:(?:n[º°o]|n[uú]m|number|n[uú]mero|nr)\.?[\s:.#º°\-]*)?"
                r"(?P<value>[0-9a-zñ&][0-9a-zñ&.\-/ \u00a0]{3,30})")
_LABELS: tuple[tuple[str, str, re.Pattern[str]], ...] = tuple(
    (family, scheme, re.compile(pattern + _AFTER_LABEL)) for family, pattern, scheme in _LABEL_RULES
)
# Each label opens with a literal letter, which lets `re` skip ahead (an optional opening
# group would cost ~0.8 ms per 50 KB instead of ~0.05).
for _family, _pattern, _scheme in _LABEL_RULES:
    if not re.match(r"[a-z]", _pattern):
        raise ValueError(f"label must start with a literal letter: {_pattern!r}")

# Unlabelled ids are only looked for around long digit runs, and a formatted CNPJ.
_DIGITS = re.compile(r"\d{2}(?:\d{4,}|\.\d{3}\.\d{3}/\d{4}-\d{2}(?!\d))")
_UNLABELLED: tuple[tuple[re.Pattern[str], Validator], ...] = (
    (re.compile(r"[A-Z]{2}[A-Z]?\d{7,11}[0-9A-Z]?"), _eu_vat),
    (re.compile(r"[ABCDEFGHJNPQRSUVW]-?\d{7}[0-9A-J]"), lambda raw, label: (
        r if (r := _spain(raw, label)) and r[0] == "CIF" else None)),
    (re.compile(r"\d{2}\.\d{3}\.\d{3}/\d{4}-\d{2}"), _stdnum(br_cnpj, "CNPJ", "BR")),
    (re.compile(r"(?:20|23|24|27|30|33|34)-\d{8}-\d"), _stdnum(ar_cuit, "CUIT", "AR")),
    (re.compile(r"[A-ZÑ&]{3,4}\d{6}[0-9A-Z]{3}"),
     _stdnum(mx_rfc, "RFC", "MX", validate_check_digits=True)),
)




def _ordered(family: str, region: str | None) -> list[Validator]:
    """Validators for a label; a region that uses the label keeps only its own (and EU VAT):
    "NIF: 123456789" on a Spanish page is not a Portuguese NIF."""
    pairs = _VALIDATORS[family]
    if region and any(country == region for country, _ in pairs):
        pairs = tuple(p for p in pairs if p[0] in (region, ""))
    return [validator for _, validator in pairs]


_GROUP_END = re.compile(r"[\s\u00a0]+")


def _first_valid(raw: str, label: str,
                 validators: list[Validator]) -> tuple[int, tuple[str, str, str]] | None:
    """Longest leading part of `raw` (whole space-separated groups) that a validator accepts."""
    cuts = [m.start() for m in _GROUP_END.finditer(raw)] + [len(raw)]
    for cut in reversed(cuts[:5]):
        candidate = raw[:cut].rstrip(".,;:-/) \u00a0")
        if sum(c.isdigit() for c in candidate) < 6:
            continue
        for validator in validators:
            result = validator(candidate.upper(), label)
            if result is not None:
                return len(candidate), result
    return None


def find_tax_ids(text: str, region: str | None = None) -> list[TaxId]:
    """Validated tax/registration ids, labelled or unmistakable, in order of position."""
    region = region.upper() if region else None
    low = lower_same_length(text)
    labelled: list[TaxId] = []
    for family, scheme, regex in _LABELS:
        for m in regex.finditer(low):
            start = m.start()
            if start and (low[start - 1].isalnum() or low[start - 1] in "._"):
                continue
            value_start = m.start("value")
            hit = _first_valid(text[value_start:m.end("value")], scheme,
                               _ordered(family, region))
            if hit is None:
                continue
            length, (found_scheme, value, country) = hit
            end = value_start + length
            labelled.append(TaxId(found_scheme, value, country, text[start:end], start, end))
    # Overlapping labels ("Registered in England and Wales, company number"): the longest wins.
    found: dict[int, TaxId] = {}
    taken: list[tuple[int, int]] = []
    for tax_id in sorted(labelled, key=lambda t: (t.start, -t.end)):
        if not any(s < tax_id.end and tax_id.start < e for s, e in taken):
            taken.append((tax_id.start, tax_id.end))
            found[tax_id.start] = tax_id
    for run in _DIGITS.finditer(text):
        window_start = max(0, run.start() - 4)
        for regex, validator in _UNLABELLED:
            found_id = regex.search(text, window_start, min(len(text), run.end() + 4))
            if found_id is None or not (found_id.start() <= run.start() < found_id.end()):
                continue
            start, end = found_id.span()
            if (start and text[start - 1].isalnum()) or (end < len(text) and text[end].isalnum()):
                continue
            if any(s < end and start < e for s, e in taken):
                break
            result = validator(found_id.group(), "")
            if result is not None:
                taken.append((start, end))
                found[start] = TaxId(result[0], result[1], result[2], found_id.group(), start, end)
                break
    return [found[k] for k in sorted(found)]


# ---- legal entity names -------------------------------------------------------------------

_FORMS = (
    r"S\.\s?A\.\s?P\.\s?I\.\s?de\s?C\.\s?V\.|S\.\s?de\s?R\.\s?L\.\s?de\s?C\.\s?V\."
    r"|S\.\s?A\.\s?de\s?C\.\s?V\."
    r"|SA de CV|SAPI de CV|S\.\s?de\s?R\.\s?L\.|S\.\s?L\.\s?N\.\s?E\.|S\.\s?L\.\s?U\.|S\.\s?L\.\s?L\."
    r"|S\.\s?A\.\s?U\.|S\.\s?A\.\s?C\.|S\.\s?A\.\s?S\.|S\.\s?R\.\s?L\.|S\.\s?C\.\s?P\.|S\.\s?Coop\."
    r"|E\.\s?I\.\s?R\.\s?L\.|S\.\s?L\.|S\.\s?A\.|S/A|SLU|SLL|SL|SAU|SA|SAS|SRL|SAC|EIRL|SpA|S\.p\.A\."
    r"|Ltda\.?|Limitada|Sociedad Limitada|Sociedad An[oó]nima|Unipessoal,? Lda\.?|Lda\.?|Eireli"
    r"|Inc\.?|LLC|L\.L\.C\.|LLP|Ltd\.?|Limited|PLC|plc|GmbH(?: & Co\.? KG)?|Corp\.|Corporation"
    r"|s\.\s?r\.\s?l\.|S\.r\.l\.|Srl|s\.a\.s\.|S\.a\.s\.|S\.n\.c\.|SNC|SARL|EURL|SASU|S\.A\.R\.L\."
    r"|AG|KG|UG(?: \(haftungsbeschränkt\))?|e\.\s?K\.|OHG|mbH"
)
_NAME_WORD = r"(?:[A-ZÁÉÍÓÚÑÜ][\w'’&\-]*(?:\.[A-Za-z][\w'’&\-]*)*|[A-ZÁÉÍÓÚÑÜ]\.|\d+\w*)"
_CONNECTOR = r"(?:de|del|la|las|los|el|y|e|&|and|of|the|do|da|dos|das|di|von|und|en)"
# Forms are rare, so find them first and read the name backwards from each one.
_FORM = re.compile(rf",?[ \u00a0]{{1,3}}(?P<form>{_FORMS})(?![\w\-/&]|\.\w)")
_NAME_BEFORE = re.compile(
    rf"(?<![\w.@/\-])(?P<name>{_NAME_WORD}(?:[ \u00a0]{{1,3}}(?:{_CONNECTOR}[ \u00a0]{{1,3}})?"
    rf"{_NAME_WORD}){{0,7}})$"
)
_BARE_FORMS = frozenset({"SL", "SA", "SAS", "SAC", "SRL", "SLU", "SLL", "SAU", "LLC", "LLP", "AG", "KG", "UG", "SNC", "OHG"})
_WORD_FORMS = frozenset({"Limited", "Limitada", "Corporation", "Sociedad Limitada",
                         "Sociedad Anónima", "Sociedad Anonima"})
_NAME_WINDOW = 160
_LEADING_NOISE = frozenset(
    (
        "Copyright", "Todos", "All", "De", "Del", "La", "El", "Los", "Las", "The", "By", "Por", "Y",
        "And", "En", "In", "A", "Un", "Una", "Empresa", "Company", "Titular", "Powered",
        "Bienvenidos", "Welcome", "Razón", "Social", "Contacto", "Contact", "Somos", "We", "Are",
        "Es", "Is", "Para", "For", "Con", "With", "Desde", "From", "Derechos", "Reservados",
        "Rights", "Reserved", "Inicio", "Home", "About", "Acerca", "Division", "División",
        "Subsidiary", "Part", "Parte", "Member", "Miembro", "Operated", "Operado", "Owned"
    )
)
_WORD_SPLIT = re.compile(r"[ \u00a0]+")
_MAX_WORDS = 6


def find_company_names(text: str) -> list[CompanyName]:
    """Legal entity names (1-6 capitalised words plus a legal form), in order of position."""
    results: list[CompanyName] = []
    for f in _FORM.finditer(text):
        form = f.group("form")
        if form in _WORD_FORMS and re.match(r"[ \u00a0]+[A-ZÁÉÍÓÚÑ]", text[f.end():f.end() + 3]):
            continue  # "Limited Edition", "Limited Time Offer"
        m = _NAME_BEFORE.search(text, max(0, f.start() - _NAME_WINDOW), f.start())
        if m is None:
            continue
        words = _WORD_SPLIT.split(m.group("name"))
        start = m.start("name")
        # Drop leading words that open sentences or footers rather than names.
        while words and (words[0] in _LEADING_NOISE or words[0][0].isdigit()
                         or re.fullmatch(_CONNECTOR, words[0])):
            start = text.index(words[1], start + len(words[0])) if len(words) > 1 else start
            words = words[1:]
        capitalised = [w for w in words if w[0].isupper()]
        if not capitalised or len(capitalised) > _MAX_WORDS:
            continue
        if all(len(w.rstrip(".")) <= 1 for w in capitalised):
            continue  # initials alone ("A. B. S.L.") are not a name
        last = words[-1] if words else ""
        if form in _BARE_FORMS and ((last.isupper() and len(last) <= 3)
                                    or any(c.isdigit() for w in words for c in w)):
            continue  # "Cable USB SL", "Auriculares EDT 1350 SL": a product, not a firm
        raw = text[start:f.end()]
        results.append(CompanyName(" ".join(raw.split()), raw, start, f.end()))
    return results
