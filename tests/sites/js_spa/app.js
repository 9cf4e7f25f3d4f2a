// The whole shop is built here, as a single-page app does: the server sends only an empty shell.
(function () {
  var pages = {
    "/": ["Cerámica Alba", "<p>Tazas y cuencos de gres torneados a mano en Valencia. Cada pieza es única y sale de nuestro taller en el barrio del Carmen.</p>"],
    "/contacto": ["Contacto", "<p>Llámanos al <a href='tel:+34963123456'>963 123 456</a> de lunes a viernes de 9:00 a 18:00 o escríbenos a <a href='mailto:hola@ceramica-alba.es'>hola@ceramica-alba.es</a>. Respondemos en menos de 24 horas.</p>" +
      "<form action='/contacto' method='post'><label>Nombre <input name='nombre'></label><label>Correo <input type='email' name='email'></label><label>Mensaje <textarea name='mensaje'></textarea></label><button>Enviar</button></form>"],
    "/envios": ["Envíos", "<p>Enviamos a toda España en 24/48 horas laborables. Envío gratis a partir de 50 €.</p>"],
    "/devoluciones": ["Devoluciones", "<p>Tienes 30 días naturales para devolver tu pedido. La devolución es gratuita.</p>"],
    "/aviso-legal": ["Aviso legal", "<p>Cerámica Alba S.L., CIF B12345674, Calle de la Bolsería 12, 46001 Valencia.</p>"]
  };
  var path = location.pathname.replace(/\.html$/, "").replace(/\/$/, "") || "/";
  var page = pages[path] || pages["/"];
  var nav = [["/", "Inicio"], ["/contacto", "Contacto"], ["/envios", "Envíos"], ["/devoluciones", "Devoluciones"], ["/aviso-legal", "Aviso legal"]]
    .map(function (l) { return "<a href='" + l[0] + "'>" + l[1] + "</a>"; }).join(" ");
  document.title = page[0] + " · Cerámica Alba";
  document.getElementById("root").innerHTML =
    "<header><nav>" + nav + "</nav></header>" +
    "<main><h1>" + page[0] + "</h1>" + page[1] + "</main>" +
    "<footer><p>Cerámica Alba · Calle de la Bolsería 12, 46001 Valencia · Tel. <a href='tel:+34963123456'>963 123 456</a> · <a href='mailto:hola@ceramica-alba.es'>hola@ceramica-alba.es</a></p>" +
    "<p><a href='/aviso-legal'>Aviso legal</a> · <a href='/devoluciones'>Devoluciones</a> · <a href='/envios'>Envíos</a></p></footer>";
})();
