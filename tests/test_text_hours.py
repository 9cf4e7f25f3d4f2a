"""Service hours as data: day ranges with times, labelled schedules, 24/7, and schema.org."""
from __future__ import annotations

from typing import Any

import pytest

from touchaudit.text.hours import HoursMatch, find_support_hours, hours_from_schema

# (id, text, expected phrase, always_open)
GOOD = [
    ("es_letters_range", "Atención telefónica L-V 9:00-18:00", "L-V 9:00-18:00", False),
    ("es_lunes_viernes_h", "Llámanos de lunes a viernes de 9 a 18 h.",
     "de lunes a viernes de 9 a 18 h", False),
    ("es_lunes_sabado", "Tienda abierta lunes a sábado de 10 a 14 h",
     "lunes a sábado de 10 a 14 h", False),
    ("es_split_shift", "De lunes a viernes de 9:00 a 14:00 y de 16:00 a 19:00 (hora peninsular)",
     "De lunes a viernes de 9:00 a 14:00 y de 16:00 a 19:00 (hora peninsular)", False),
    ("es_label_only", "Horario: 10:00 – 20:00", "Horario: 10:00 – 20:00", False),
    ("es_times_then_days", "Te atendemos 9:30-14:00 de lunes a viernes",
     "9:30-14:00 de lunes a viernes", False),
    ("es_two_segments_merged", "L-V: 9:00-18:00 | S: 10:00-14:00",
     "L-V: 9:00-18:00 | S: 10:00-14:00", False),
    ("es_label_next_line", "Horario de atención: Lunes a Jueves de\n08:30 a 17:30 hrs",
     "Lunes a Jueves de 08:30 a 17:30 hrs", False),
    ("es_24_7_phrase", "Estamos disponibles 24 horas al día, 7 días a la semana",
     "disponibles 24 horas al día, 7 días a la semana", True),
    ("es_365", "Tienda online abierta 365 días al año", "abierta 365 días al año", True),
    ("mx_sabado_y_domingo", "Sábados y domingos de 11 a 15 hrs",
     "Sábados y domingos de 11 a 15 hrs", False),
    ("ar_hs", "Atención: Lunes a Viernes de 8 a 17 hs", "Lunes a Viernes de 8 a 17 hs", False),
    ("cl_atencion_24", "Atención al cliente 24 horas", "Atención al cliente 24 horas", True),
    ("en_ampm_tz", "Call us Mon–Fri 9am–6pm PT", "Mon–Fri 9am–6pm PT", False),
    ("en_long_form", "Monday to Friday, 9:00 AM - 5:00 PM EST",
     "Monday to Friday, 9:00 AM - 5:00 PM EST", False),
    ("en_times_then_days", "Phone lines open 8:30 am to 5:00 pm Eastern Time, Monday thru Friday.",
     "8:30 am to 5:00 pm Eastern Time, Monday thru Friday", False),
    ("en_24_7_support", "Award-winning 24/7 support", "24/7 support", True),
    ("en_glued_days", "Monday to Friday: 8am to 8pmSaturday: 9am to 6pm",
     "Monday to Friday: 8am to 8pmSaturday: 9am to 6pm", False),
    ("pt_segunda_sexta", "Atendimento de segunda a sexta das 9h às 18h",
     "de segunda a sexta das 9h às 18h", False),
    ("pt_feira", "Segunda-feira a sábado, 10h-22h", "Segunda-feira a sábado, 10h-22h", False),
    ("de_hotline_phone_then_hours", "Unsere Hotline:\nTel. 0800 123 45 67 (gebührenfrei)\n08:00 - 20:00 Uhr",
     "Hotline: Tel. 0800 123 45 67 (gebührenfrei) 08:00 - 20:00 Uhr", False),
    ("es_service_phone_then_hours", "Atención al cliente 910 555 012 de 9:00 a 18:00",
     "Atención al cliente 910 555 012 de 9:00 a 18:00", False),
    ("en_service_ampm_no_days", "Customer service: call 0161 496 0000 8am - 8pm",
     "Customer service: call 0161 496 0000 8am - 8pm", False),
]


@pytest.mark.parametrize("text,expected,always", [c[1:] for c in GOOD], ids=[c[0] for c in GOOD])
def test_finds_hours(text: str, expected: str, always: bool) -> None:
    found = find_support_hours(text)
    assert [(m.text, m.always_open) for m in found] == [(expected, always)]
    assert " ".join(text[found[0].start:found[0].end].split()) == found[0].text
    assert isinstance(found[0], HoursMatch)


TRAPS = [
    ("delivery_slash", "Envío en 24/48 h"),
    ("delivery_24h", "Envío en 24 h a toda la península"),
    ("response_24h", "Soporte: respondemos en 24 horas"),
    ("date", "Pedido realizado el 12/05/2024 a las 10:30"),
    ("lone_time", "Abrimos a las 9:00"),
    ("price", "Precio 24,99 € (antes 29,99 €)"),
    ("two_for_one", "Oferta 2x1 en camisetas"),
    ("score", "Valoración 4/5 de 120 clientes"),
    ("delivery_range_no_days", "Entrega de 9:00 a 14:00"),
    ("size_range", "Tallas 36-40 disponibles"),
    ("duration_range", "Entrega de 3 a 5 días"),
    ("label_with_bare_numbers", "Horario 10-12 semanas"),
    ("model_code", "Compatible con X1-9 Roadster"),
    ("date_24_7_year", "Pedido del 24/7/2024"),
    ("delivery_days_word", "Envíos de lunes a viernes en 24-48 h"),
    ("empty", ""),
    ("service_then_delivery_words", "Support\nDelivery between 08:00 - 18:00"),
    ("hotline_then_short_slot", "Hotline 0800 123 45 67 Abholung 17:00 - 18:00"),
    ("service_in_another_block", "Kundenservice\n\nLieferung 08:00 - 18:00 Uhr"),
    ("service_phone_bare_hours", "Hotline 0800 123 45 67 10 - 20"),
]


@pytest.mark.parametrize("text", [c[1] for c in TRAPS], ids=[c[0] for c in TRAPS])
def test_trap_is_not_hours(text: str) -> None:
    assert find_support_hours(text) == []


def test_two_separate_schedules_stay_separate() -> None:
    text = ("Tienda Centro: L-V 10:00-20:00.\nEnvíos gratis desde 50 €.\n"
            "Atención telefónica: lunes a viernes de 9 a 15 h")
    assert [m.text for m in find_support_hours(text)] == ["L-V 10:00-20:00",
                                                          "lunes a viernes de 9 a 15 h"]


# (id, node, expected)
SCHEMA: list[tuple[str, dict[str, Any], list[str]]] = [
    ("opening_hours_list", {"openingHours": ["Mo-Fr 09:00-18:00", "Sa 10:00-14:00"]},
     ["Mo-Fr 09:00-18:00", "Sa 10:00-14:00"]),
    ("opening_hours_str", {"openingHours": " Mo-Su  00:00-23:59 "}, ["Mo-Su 00:00-23:59"]),
    ("spec_urls_and_seconds", {"openingHoursSpecification": [{
        "@type": "OpeningHoursSpecification",
        "dayOfWeek": [f"https://schema.org/{d}" for d in
                      ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")],
        "opens": "09:00:00", "closes": "18:00:00"}]}, ["Monday-Friday 09:00-18:00"]),
    ("spec_single_name", {"openingHoursSpecification": {"dayOfWeek": "Saturday",
                                                        "opens": "10:00", "closes": "14:00"}},
     ["Saturday 10:00-14:00"]),
    ("contact_point_hours_available", {"contactPoint": [{"@type": "ContactPoint",
                                                         "hoursAvailable": {
        "dayOfWeek": ["http://schema.org/Saturday", "http://schema.org/Sunday"],
        "opens": "10:00", "closes": "14:00"}}]}, ["Saturday, Sunday 10:00-14:00"]),
    ("node_is_spec", {"@type": "OpeningHoursSpecification", "dayOfWeek": [
        {"@id": "schema:Monday"}, {"@id": "schema:Wednesday"}], "opens": "8:00",
        "closes": "13:00"}, ["Monday, Wednesday 08:00-13:00"]),
    ("duplicates_dropped", {"openingHours": "Mo-Fr 09:00-18:00",
                            "openingHoursSpecification": [], "hoursAvailable": None,
                            "contactPoint": {"openingHours": "Mo-Fr 09:00-18:00"}},
     ["Mo-Fr 09:00-18:00"]),
    ("nothing", {"name": "Tienda"}, []),
]


@pytest.mark.parametrize("node,expected", [c[1:] for c in SCHEMA], ids=[c[0] for c in SCHEMA])
def test_hours_from_schema(node: dict[str, Any], expected: list[str]) -> None:
    assert hours_from_schema(node) == expected
