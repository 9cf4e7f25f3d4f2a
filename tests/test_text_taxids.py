"""Tax ids and legal names as data: valid ids (check digits from python-stdnum), and traps.

Every valid number below is built with stdnum's own check-digit functions, so the table stays
honest; every invalid one is the same number with a wrong check digit or an impossible part.
"""
from __future__ import annotations

import pytest
from stdnum.ar import cuit
from stdnum.au import abn
from stdnum.br import cnpj, cpf
from stdnum.cl import rut
from stdnum.co import nit
from stdnum.es import cif, dni, nie
from stdnum.gb import vat as gb_vat
from stdnum.mx import rfc
from stdnum.pe import ruc
from stdnum.pt import nif as pt_nif
from stdnum.uy import rut as uy_rut

from touchaudit.text.taxids import CompanyName, TaxId, find_company_names, find_tax_ids


def _cif(body: str) -> str:
    return body + cif.calc_check_digits(body)[0]  # digit form of the control character


CIF_B = _cif("B8765432")                                 # B87654323
CIF_A = _cif("A2834917")                                 # A28349173
DNI = "48291735" + dni.calc_check_digit("48291735")      # 48291735S
NIE = "Y3841926" + nie.calc_check_digit("Y3841926")      # Y3841926C
RFC_MORAL = "CAO150304AB" + rfc.calc_check_digit("CAO150304AB")
CUIT = "3071582934" + cuit.calc_check_digit("3071582934")
RUT_CL = "76384291" + rut.calc_check_digit("76384291")
RUC_PE = "2060384715" + ruc.calc_check_digit("2060384715")
NIT_CO = "901384217" + nit.calc_check_digit("901384217")
CNPJ = "183746290001" + cnpj.calc_check_digits("183746290001")
CPF = "384291657" + "".join(cpf._calc_check_digits("384291657"))  # public calc is private here
PT_NIF = "50938471" + pt_nif.calc_check_digit("50938471")
UY_RUT = "21384729001" + uy_rut.calc_check_digit("21384729001")
GB_VAT = next(f"3849217{x:02d}" for x in range(100) if gb_vat.is_valid(f"3849217{x:02d}"))
ABN = next(f"{x:02d}827364519" for x in range(10, 100) if abn.is_valid(f"{x:02d}827364519"))


def _bad(number: str) -> str:
    """The same number with its last (check) digit changed."""
    last = number[-1]
    return number[:-1] + (str((int(last) + 1) % 10) if last.isdigit() else "0")


def _fmt(digits: str, *cuts: int) -> str:
    """Insert separators at the given positions: _fmt("12345", 2) -> "12-345"."""
    parts, prev = [], 0
    for cut in cuts:
        parts.append(digits[prev:cut])
        prev = cut
    return "-".join(parts + [digits[prev:]])


def _sanity() -> None:
    """Fixtures must be what they claim: valid, and their bad twins invalid."""
    assert cif.is_valid(CIF_B) and not cif.is_valid(_bad(CIF_B))
    assert rfc.is_valid(RFC_MORAL) and cuit.is_valid(CUIT) and rut.is_valid(RUT_CL)
    assert cnpj.is_valid(CNPJ) and cpf.is_valid(CPF) and pt_nif.is_valid(PT_NIF)


_sanity()

CNPJ_FMT = f"{CNPJ[:2]}.{CNPJ[2:5]}.{CNPJ[5:8]}/{CNPJ[8:12]}-{CNPJ[12:]}"
CPF_FMT = f"{CPF[:3]}.{CPF[3:6]}.{CPF[6:9]}-{CPF[9:]}"
RUT_FMT = f"{RUT_CL[:2]}.{RUT_CL[2:5]}.{RUT_CL[5:8]}-{RUT_CL[8:]}"
NIT_FMT = f"{NIT_CO[:3]}.{NIT_CO[3:6]}.{NIT_CO[6:9]}-{NIT_CO[9:]}"
CUIT_FMT = _fmt(CUIT, 2, 10)

# (id, text, region, expected (scheme, value, country, text) in order)
GOOD: list[tuple[str, str, str | None, list[tuple[str, str, str, str]]]] = [
    ("es_cif_colon_hyphen", f"Cocina Alba, S.L. · CIF: {CIF_B[0]}-{CIF_B[1:]}", "ES",
     [("CIF", CIF_B, "ES", f"CIF: {CIF_B[0]}-{CIF_B[1:]}")]),
    ("es_cif_dotted_label", f"C.I.F. {CIF_A} Calle Mayor 3", None,
     [("CIF", CIF_A, "ES", f"C.I.F. {CIF_A}")]),
    ("es_nif_of_person", f"Titular: Ana Ruiz, NIF {DNI[:8]}-{DNI[8]}", "ES",
     [("NIF", DNI, "ES", f"NIF {DNI[:8]}-{DNI[8]}")]),
    ("es_nie", f"N.I.E.: {NIE}", None, [("NIE", NIE, "ES", f"N.I.E.: {NIE}")]),
    ("es_unlabelled_cif", f"Tienda Sol {CIF_B} Madrid", None, [("CIF", CIF_B, "ES", CIF_B)]),
    ("es_vat_prefixed_unlabelled", f"ES{CIF_B}", None, [("VAT", f"ES{CIF_B}", "ES", f"ES{CIF_B}")]),
    ("mx_rfc", f"RFC: {RFC_MORAL}", "MX", [("RFC", RFC_MORAL, "MX", f"RFC: {RFC_MORAL}")]),
    ("mx_rfc_unlabelled", f"Facturación {RFC_MORAL}", None,
     [("RFC", RFC_MORAL, "MX", RFC_MORAL)]),
    ("ar_cuit", f"C.U.I.T. N° {CUIT_FMT}", "AR", [("CUIT", CUIT, "AR", f"C.U.I.T. N° {CUIT_FMT}")]),
    ("ar_cuit_unlabelled", f"Empresa {CUIT_FMT} Buenos Aires", None,
     [("CUIT", CUIT, "AR", CUIT_FMT)]),
    ("cl_rut", f"R.U.T.: {RUT_FMT}", "CL", [("RUT", RUT_CL, "CL", f"R.U.T.: {RUT_FMT}")]),
    ("pe_ruc", f"RUC {RUC_PE}", "PE", [("RUC", RUC_PE, "PE", f"RUC {RUC_PE}")]),
    ("co_nit", f"NIT: {NIT_FMT}", "CO", [("NIT", NIT_CO, "CO", f"NIT: {NIT_FMT}")]),
    ("br_cnpj_unlabelled", f"Loja Sol Ltda {CNPJ_FMT}", None, [("CNPJ", CNPJ, "BR", CNPJ_FMT)]),
    ("br_cpf", f"CPF {CPF_FMT}", "BR", [("CPF", CPF, "BR", f"CPF {CPF_FMT}")]),
    ("pt_nif", f"NIF: {PT_NIF}", "PT", [("NIF", PT_NIF, "PT", f"NIF: {PT_NIF}")]),
    ("pt_nipc", f"NIPC {PT_NIF[:3]} {PT_NIF[3:6]} {PT_NIF[6:]}", None,
     [("NIF", PT_NIF, "PT", f"NIPC {PT_NIF[:3]} {PT_NIF[3:6]} {PT_NIF[6:]}")]),
    ("gb_vat_spaced", f"VAT No: GB {GB_VAT[:3]} {GB_VAT[3:7]} {GB_VAT[7:]}", "GB",
     [("VAT", f"GB{GB_VAT}", "GB", f"VAT No: GB {GB_VAT[:3]} {GB_VAT[3:7]} {GB_VAT[7:]}")]),
    ("us_ein", "EIN: 84-1234567", "US", [("EIN", "841234567", "US", "EIN: 84-1234567")]),
    ("au_abn", f"ABN {ABN[:2]} {ABN[2:5]} {ABN[5:8]} {ABN[8:]}", None,
     [("ABN", ABN, "AU", f"ABN {ABN[:2]} {ABN[2:5]} {ABN[5:8]} {ABN[8:]}")]),
    ("gb_company_number", "Registered in England and Wales, company number 09876543", None,
     [("CRN", "09876543", "GB", "Registered in England and Wales, company number 09876543")]),
    ("uy_rut_by_region", f"RUT {UY_RUT}", "UY", [("RUT", UY_RUT, "UY", f"RUT {UY_RUT}")]),
    ("two_ids", f"CIF {CIF_B} | VAT ES{CIF_A}", None,
     [("CIF", CIF_B, "ES", f"CIF {CIF_B}"), ("VAT", f"ES{CIF_A}", "ES", f"VAT ES{CIF_A}")]),
]


@pytest.mark.parametrize("text,region,expected", [c[1:] for c in GOOD], ids=[c[0] for c in GOOD])
def test_find_tax_ids(text: str, region: str | None,
                      expected: list[tuple[str, str, str, str]]) -> None:
    found = find_tax_ids(text, region)
    assert [(t.scheme, t.value, t.country, t.text) for t in found] == expected
    for t in found:
        assert text[t.start:t.end] == t.text


def test_positions() -> None:
    text = f"Datos: CIF {CIF_B}."
    assert find_tax_ids(text) == [TaxId("CIF", CIF_B, "ES", f"CIF {CIF_B}", 7, 20)]


# (id, text, region): no company id here
TRAPS = [
    ("random_9_digits", "Pedido 123456789 enviado", "ES"),
    ("random_9_digits_labelled", "NIF: 123456789", "ES"),
    ("cif_bad_checksum", f"CIF: {_bad(CIF_B)}", "ES"),
    ("cif_bad_checksum_unlabelled", f"Ref {_bad(CIF_B)}", None),
    ("dni_unlabelled", f"Código {DNI}", "ES"),
    ("rfc_bad_check_digit", f"RFC: {_bad(RFC_MORAL)}", "MX"),
    ("rfc_impossible_date", "RFC: CAO151304AB2", "MX"),
    ("cuit_bad", f"CUIT {_fmt(_bad(CUIT), 2, 10)}", "AR"),
    ("rut_bad", f"RUT: {RUT_FMT[:-1]}{'0' if RUT_FMT[-1] != '0' else '1'}", "CL"),
    ("cnpj_bad", f"CNPJ {CNPJ_FMT[:-1]}{(int(CNPJ_FMT[-1]) + 1) % 10}", "BR"),
    ("cpf_unlabelled", f"Cliente {CPF_FMT}", "BR"),
    ("iva_price", "Precio 24,20 € IVA incluido (21%)", "ES"),
    ("phone_after_label", "Tel/NIF 912 345 678", "ES"),
    ("ean", "EAN 8412345678905", "ES"),
    ("ein_without_label", "Call 84-1234567 today", "US"),
    ("crn_without_label", "Order 09876543", "GB"),
    ("vat_with_space_unlabelled", f"DE {CIF_B[1:]}", None),
    ("word_unit_not_nit", "unit 901384217", None),
]


@pytest.mark.parametrize("text,region", [c[1:] for c in TRAPS], ids=[c[0] for c in TRAPS])
def test_trap_is_not_a_tax_id(text: str, region: str | None) -> None:
    assert find_tax_ids(text, region) == []


# (id, text, expected names in order)
NAMES_GOOD = [
    ("es_sl_comma", "© 2024 Cocina Alba, S.L. Todos los derechos reservados",
     ["Cocina Alba, S.L."]),
    ("es_sl_no_dots", "Tostadora del Realejo SL, Granada", ["Tostadora del Realejo SL"]),
    ("es_slu", "Titular: Mercería Paz S.L.U.", ["Mercería Paz S.L.U."]),
    ("es_sociedad_limitada", "Hermanos Vidal Sociedad Limitada", ["Hermanos Vidal Sociedad Limitada"]),
    ("es_sa_all_caps", "DISTRIBUCIONES GARCÍA S.A.", ["DISTRIBUCIONES GARCÍA S.A."]),
    ("mx_sa_de_cv", "Bienvenidos a Casa Ocote S.A. de C.V.", ["Casa Ocote S.A. de C.V."]),
    ("mx_s_de_rl", "Operado por Dulces Tere S. de R.L. de C.V.", ["Dulces Tere S. de R.L. de C.V."]),
    ("cl_spa", "Comercial Andes SpA - RUT", ["Comercial Andes SpA"]),
    ("cl_ltda", "Importadora Los Lagos Ltda.", ["Importadora Los Lagos Ltda."]),
    ("ar_srl", "Tejidos del Sur S.R.L. · Córdoba", ["Tejidos del Sur S.R.L."]),
    ("co_sas", "Café Montaña S.A.S.", ["Café Montaña S.A.S."]),
    ("pe_sac", "Inversiones Killa SAC", ["Inversiones Killa SAC"]),
    ("pe_eirl", "Textiles Inti E.I.R.L.", ["Textiles Inti E.I.R.L."]),
    ("en_inc", "Copyright 2025 Maple Goods Inc. All rights reserved.", ["Maple Goods Inc."]),
    ("en_llc", "Operated by Bright Harbor Supply LLC", ["Bright Harbor Supply LLC"]),
    ("en_ltd", "Oak & Thistle Ltd, London", ["Oak & Thistle Ltd"]),
    ("en_limited", "Northwind Trading Limited.", ["Northwind Trading Limited"]),
    ("de_gmbh", "Bergmann Feinkost GmbH", ["Bergmann Feinkost GmbH"]),
    ("pt_lda", "Sabores do Minho, Lda.", ["Sabores do Minho, Lda."]),
    ("en_division_of", "A Division of Harbor Endeavors, Inc.", ["Harbor Endeavors, Inc."]),
]


@pytest.mark.parametrize("text,expected", [c[1:] for c in NAMES_GOOD],
                         ids=[c[0] for c in NAMES_GOOD])
def test_find_company_names(text: str, expected: list[str]) -> None:
    found = find_company_names(text)
    assert [c.name for c in found] == expected
    for c in found:
        assert text[c.start:c.end] == c.text


def test_company_positions_and_spacing() -> None:
    text = "Razón social: Cocina  Alba,\u00a0S.L."
    assert find_company_names(text) == [
        CompanyName("Cocina Alba, S.L.", "Cocina  Alba,\u00a0S.L.", 14, 32)
    ]


NAME_TRAPS = [
    ("eeuu_sa", "Productos importados de EE.UU. S.A. la mejor calidad"),
    ("model_sl", "Nuevo modelo Sony SL-200 en stock"),
    ("model_sl_slash", "Referencia XR SL/200"),
    ("limited_edition", "Shop Limited Edition sneakers"),
    ("limited_time", "Hurry Limited Time Offer"),
    ("lower_case_prose", "la empresa es una sociedad limitada desde 1990"),
    ("acronym_only", "Cable USB SL"),
    ("initials_only", "A. B. S.L."),
    ("inc_lowercase", "prices inc. VAT"),
    ("sa_inside_word", "Envíos a USA y Canadá"),
    ("sl_in_url", "visita tienda.com/SL"),
    ("email_domain", "info@acme-sl.com"),
    ("product_model_sl", "Auriculares Soft Skin EDT 1350 SL"),
]


@pytest.mark.parametrize("text", [c[1] for c in NAME_TRAPS], ids=[c[0] for c in NAME_TRAPS])
def test_name_trap(text: str) -> None:
    assert find_company_names(text) == []
