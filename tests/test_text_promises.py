"""Time promises as data: delivery times, reply times, return windows and free returns.

Every good case states its exact numbers; every trap is a sentence that holds a number of hours
or days which is *not* the promise in question (returns, warranty, refunds, prices, schedules).
"""
from __future__ import annotations


import pytest

from touchaudit.text.durations import (
    DeliveryPromise,
    ResponsePromise,
    ReturnWindow,
    find_delivery_promises,
    find_response_promises,
    find_return_windows,
    free_returns,
)

# (id, text, min, max, unit)
DELIVERY = [
    ("en_value_then_label_lines", "Add to bag\n18-28 working days\nStandard delivery\nFree*", 18, 28, "business_days"),
    ("es_label_then_value_lines", "Envío exprés\n24-48 h\nGratis", 24, 48, "hours"),
    ("es_slash_hours", "Envío en 24/48h a toda la península", 24, 48, "hours"),
    ("es_dash_horas", "Entrega estimada: 24-48 horas laborables", 24, 48, "hours"),
    ("es_habiles_range", "Recibirás tu pedido de 3 a 5 días hábiles", 3, 5, "business_days"),
    ("es_laborables_en_dash", "Plazo de entrega\n2–4 días laborables", 2, 4, "business_days"),
    ("es_en_72_horas", "Lo entregamos en 72 horas", 72, 72, "hours"),
    ("es_mismo_dia", "Entrega el mismo día en Valencia capital", 0, 0, "days"),
    ("es_dia_siguiente", "Pide hoy y recibe tu pedido al día siguiente", 1, 1, "days"),
    ("es_una_semana", "El envío llega en una semana", 1, 1, "weeks"),
    ("es_semanas_range", "Muebles: plazo de entrega de 1-2 semanas", 1, 2, "weeks"),
    ("es_number_word_range", "Tu paquete llegará en dos o tres días", 2, 3, "days"),
    ("es_nbsp_sticky_h", "Envío express 24\u00a0h", 24, 24, "hours"),
    ("mx_despacho_habiles", "Despacho a todo México en 5 a 7 días hábiles", 5, 7, "business_days"),
    ("ar_entre_y", "Los envíos demoran entre 3 y 6 días hábiles", 3, 6, "business_days"),
    ("cl_despacho_express", "Despacho express en 48 hrs a Santiago", 48, 48, "hours"),
    ("co_entrega_dias", "Entregas en Bogotá de 1 a 2 días", 1, 2, "days"),
    ("en_business_days", "Standard shipping: 2–4 business days", 2, 4, "business_days"),
    ("en_working_days", "Delivery within 3-5 working days", 3, 5, "business_days"),
    ("en_same_day", "Same-day delivery in central London", 0, 0, "days"),
    ("en_next_day", "Free next-day delivery on orders over £40", 1, 1, "days"),
    ("en_next_working_day", "Order by 1pm for next working day delivery", 1, 1,
     "business_days"),
    ("en_within_two_weeks", "Made-to-order items ship within two weeks", 2, 2, "weeks"),
    ("en_ships_word_number", "Ships in one business day", 1, 1, "business_days"),
    ("pt_dias_uteis", "Entrega em até 7 dias úteis para todo o Brasil", 7, 7, "business_days"),
    ("pt_frete_range", "Frete expresso: de 2 a 3 dias úteis", 2, 3, "business_days"),
    ("es_minutes_to_hours", "Entregamos tu compra en 90 minutos", 1.5, 1.5, "hours"),
]


@pytest.mark.parametrize("text,low,high,unit", [c[1:] for c in DELIVERY],
                         ids=[c[0] for c in DELIVERY])
def test_finds_delivery_promise(text: str, low: float, high: float, unit: str) -> None:
    found = find_delivery_promises(text)
    assert [(p.min, p.max, p.unit) for p in found] == [(low, high, unit)]
    promise = found[0]
    assert " ".join(text[promise.start:promise.end].split()) == promise.text
    assert len(promise.text) <= 160


DELIVERY_TRAPS = [
    ("value_line_under_a_warranty_label", "Garantía\n2 años\nColor: azul"),
    ("long_line_is_not_a_label_pair", "Nuestros clientes esperan 3 días de media antes de escribirnos una reseña\nEnvío estándar"),
    ("returns_window", "Devoluciones en 30 días"),
    ("allowance_counted_from_receipt", "Tienes 20 días naturales desde que recibes el pedido para devolverlo."),
    ("allowance_from_when_received", "Dispones de 10 días a partir de que lo recibes para pedir un cambio."),
    ("warranty_years", "Garantía de 2 años en todos los productos"),
    ("response_time", "Respondemos en 24 horas a todos los mensajes"),
    ("installments", "Paga en 3 cuotas sin interés"),
    ("past_time", "Pedido enviado hace 3 días por un cliente"),
    ("past_time_en", "Shipped 2 days ago"),
    ("price", "Envío gratis a partir de 50 €"),
    ("opening_hours", "Horario de reparto 9:00-18:00"),
    ("return_days_bound_after", "Envíos rápidos. 14 días para devolver"),
    ("refund_processing", "El reembolso del envío se hace en 5 días"),
    ("delivery_slot_time_of_day", "Entregamos de lunes a viernes de 9 a 14 h"),
    ("cutoff_time", "Envío gratis para pedidos antes de las 14h"),
    ("schedule_per_week", "Hacemos entregas 6 días a la semana"),
    ("email_confirmation", "You will receive an email with your delivery details within 24 hours"),
    ("offer_validity", "Envío gratis: oferta válida 3 días"),
    ("battery", "Battery lasts 10 hours, free shipping"),
    ("delivery_slots", "One hour delivery slots"),
    ("months_not_a_delivery_unit", "Entrega en 2 meses"),
    ("no_context", "Resistente durante 48 horas"),
    ("empty", ""),
]


@pytest.mark.parametrize("text", [c[1] for c in DELIVERY_TRAPS], ids=[c[0] for c in DELIVERY_TRAPS])
def test_trap_is_not_a_delivery_promise(text: str) -> None:
    assert find_delivery_promises(text) == []


def test_delivery_and_returns_in_one_sentence_stay_apart() -> None:
    text = "Envío en 24h, devoluciones gratis en 30 días"
    assert [(p.min, p.max, p.unit) for p in find_delivery_promises(text)] == [(24, 24, "hours")]
    assert [w.days for w in find_return_windows(text)] == [30]


def test_delivery_snippet_keeps_the_delivery_word() -> None:
    [promise] = find_delivery_promises("Todos los pedidos se entregan en 3-5 días hábiles.")
    assert promise.text == "los pedidos se entregan en 3-5 días hábiles"  # 3 words of context
    assert isinstance(promise, DeliveryPromise)


# (id, text, hours)
RESPONSE = [
    ("es_menos_de", "Respondemos en menos de 24 horas", 24.0),
    ("es_contestamos_h", "Te contestamos en 48 h", 48.0),
    ("es_plazo_habiles", "Responderemos a tu consulta en un plazo máximo de 2 días hábiles", 48.0),
    ("es_una_hora", "Te respondemos en menos de una hora", 1.0),
    ("es_mismo_dia", "Respondemos el mismo día", 24.0),
    ("es_range_upper_bound", "Contestamos los correos en 24-48 horas", 48.0),
    ("es_minutes", "Respondemos tu WhatsApp en 15 minutos", 0.25),
    ("mx_nos_comunicaremos", "Nos comunicaremos contigo en un máximo de 72 horas", 72.0),
    ("ar_respuesta", "Recibirás una respuesta en menos de 12 hs", 12.0),
    ("cl_llamamos", "Te llamamos en 10 minutos", 10 / 60),
    ("en_business_day", "We reply within one business day", 24.0),
    ("en_get_back", "Our team will get back to you within 2 hours", 2.0),
    ("en_same_day", "We answer every email the same day", 24.0),
    ("en_response_days", "Expect a response within 3 days", 72.0),
    ("pt_ate", "Respondemos em até 24 horas", 24.0),
    ("pt_resposta", "Resposta em até 2 dias úteis", 48.0),
]


@pytest.mark.parametrize("text,hours", [c[1:] for c in RESPONSE], ids=[c[0] for c in RESPONSE])
def test_finds_response_promise(text: str, hours: float) -> None:
    found = find_response_promises(text)
    assert [p.hours for p in found] == [pytest.approx(hours)]
    assert " ".join(text[found[0].start:found[0].end].split()) == found[0].text
    assert isinstance(found[0], ResponsePromise)


RESPONSE_TRAPS = [
    ("vague_es", "Responderemos lo antes posible"),
    ("vague_en", "We will respond shortly"),
    ("en_breve", "Le responderemos en breve"),
    ("refund_time", "Te reembolsaremos en 5 días"),
    ("delivery_time", "Envío en 48 h"),
    ("opening_hours_24", "Atención al cliente 24 horas"),
    ("no_preposition", "Respuestas 24 horas al día"),
    ("return_window", "Tienes 30 días para devolver"),
    ("response_words_then_delivery", "Respondemos dudas. El envío llega en 2 días"),
    ("answer_count", "Answered 3 days ago"),
    ("reply_schedule", "Respondemos de 9 a 18 h"),
    ("email_address_only", "Escríbenos y te responderemos"),
]


@pytest.mark.parametrize("text", [c[1] for c in RESPONSE_TRAPS], ids=[c[0] for c in RESPONSE_TRAPS])
def test_trap_is_not_a_response_promise(text: str) -> None:
    assert find_response_promises(text) == []


# (id, text, days)
RETURNS = [
    ("es_counted_from_receipt_then_verb", "Tienes 20 días naturales desde que recibes el pedido para devolverlo.", 20),
    ("mx_change_or_return", "Cuentas con 10 días a partir de que lo recibes para solicitar un cambio o devolución.", 10),
    ("es_naturales", "Dispones de 30 días naturales para devolver tu compra", 30),
    ("es_desistir", "Tienes 14 días para desistir del contrato", 14),
    ("es_gratuitas_durante", "Devoluciones gratuitas durante 30 días", 30),
    ("es_dos_semanas", "Tienes dos semanas para cambios y devoluciones", 14),
    ("es_un_mes", "Plazo de devolución: un mes", 30),
    ("es_desde_recepcion", "Tienes 30 días desde la recepción del pedido para devolverlo", 30),
    ("es_cien_dias", "100 días para devolver sin preguntas", 100),
    ("mx_cambios", "Cambios y devoluciones dentro de los 15 días", 15),
    ("ar_arrepentimiento", "Botón de arrepentimiento: 10 días corridos", 10),
    ("cl_retracto", "Derecho a retracto dentro de 10 días", 10),
    ("en_day_returns", "Free 30-day returns", 30),
    ("en_return_within", "Return within 14 days of delivery", 14),
    ("en_policy", "Our 100-day Return Policy", 100),
    ("en_year", "Exchange any item within 1 year", 365),
    ("pt_trocas", "30 dias para trocas", 30),
    ("pt_devolucao", "Devolução em até 7 dias após o recebimento", 7),
]


@pytest.mark.parametrize("text,days", [c[1:] for c in RETURNS], ids=[c[0] for c in RETURNS])
def test_finds_return_window(text: str, days: int) -> None:
    found = find_return_windows(text)
    assert [w.days for w in found] == [days]
    assert " ".join(text[found[0].start:found[0].end].split()) == found[0].text
    assert isinstance(found[0], ReturnWindow)


RETURN_TRAPS = [
    ("delivery_time", "Entrega en 3-5 días hábiles"),
    ("warranty_years", "Garantía de 2 años"),
    ("refund_processing", "Te reembolsaremos en un plazo de 14 días"),
    ("refund_after_return", "Una vez recibida la devolución, te reembolsaremos en 14 días"),
    ("money_back_time", "Te devolvemos el dinero en 10 días"),
    ("refund_en", "Refunds are processed within 5 business days"),
    ("return_date_not_window", "Plazo de devolución hasta el 30 de enero"),
    ("response_time", "Cambios: respondemos en 48 horas"),
    ("return_hours", "Devolución en 24 horas"),
    ("trial", "Prueba gratis durante 30 días"),
    ("installments", "Devolución sin coste. Paga en 12 meses"),
    ("past", "Devuelto hace 3 días"),
]


@pytest.mark.parametrize("text", [c[1] for c in RETURN_TRAPS], ids=[c[0] for c in RETURN_TRAPS])
def test_trap_is_not_a_return_window(text: str) -> None:
    assert find_return_windows(text) == []


# (id, text, expected)
FREE_RETURNS = [
    ("es_gratis", "Devoluciones gratis en toda España", True),
    ("es_gratuitas", "Envío y devolución gratuita", True),
    ("es_sin_coste", "Devolución sin coste en 30 días", True),
    ("es_cambios_y", "Cambios y devoluciones gratis", True),
    ("en_free_returns", "Free returns on all orders", True),
    ("en_return_shipping_free", "Return shipping is free", True),
    ("pt_trocas", "Trocas grátis em 30 dias", True),
    ("es_shop_pays", "Los gastos de devolución corren a nuestro cargo", True),
    ("es_cargo_cliente", "Los gastos de devolución corren a cargo del cliente", False),
    ("es_cliente_asume", "El cliente asume los gastos de devolución", False),
    ("es_envio_de_la_devolucion", ("Los gastos de envío de la devolución serán por cuenta del "
     "comprador"), False),
    ("en_customer_responsibility", "Return shipping is the customer’s responsibility", False),
    ("en_deducted", "Return shipping costs are deducted from your refund", False),
    ("en_you_responsible", "You are responsible for the cost of return shipping", False),
    ("pt_por_conta", "Os custos de devolução são por conta do cliente", False),
    ("both_customer_pays_wins", ("Devoluciones gratis. En productos personalizados los gastos "
     "de devolución corren a cargo del cliente"), False),
    ("not_said", "Aceptamos devoluciones en 30 días", None),
    ("negated_free", "No free returns on sale items", None),
    ("never_pay_is_not_negative", "You never pay for return shipping", None),
    ("no_return_words", "Envío gratis a partir de 50 €", None),
]


@pytest.mark.parametrize("text,expected", [c[1:] for c in FREE_RETURNS],
                         ids=[c[0] for c in FREE_RETURNS])
def test_free_returns(text: str, expected: bool | None) -> None:
    assert free_returns(text) is expected


def _shop_text() -> str:
    block = ("Zapatillas running Modelo 2026 SKU 84123 Precio 89,99 € antes 129,00 € 3 cuotas\n"
             "Lo más vendido hace 3 días · 4/5 estrellas · oferta válida 2 días · stock 12 uds\n"
             "Garantía oficial y devoluciones: ver condiciones. Horario 9:00-18:00 L-V\n"
             "Free shipping on orders over $50 · Battery up to 10 hours · 2x1 en camisetas\n")
    noise = "dia media india mismo 1 2 3 a o y e " * 20
    return noise + block * (50_000 // len(block)) + "Envío en 24/48h. 30 días para devolver."
