// The footer with the shop's phone and address arrives after the page has loaded.
window.addEventListener("load", function () {
  setTimeout(function () {
    document.getElementById("site-footer").innerHTML =
      "<p>Papelería Brisa · Calle Mayor 10, 28013 Madrid · Tel. <a href='tel:+34911234567'>911 234 567</a> · " +
      "<a href='mailto:hola@papeleria-brisa.es'>hola@papeleria-brisa.es</a></p>" +
      "<p><a href='/aviso-legal'>Aviso legal</a> · <a href='/envios'>Envíos</a> · <a href='/devoluciones'>Devoluciones</a></p>";
  }, 300);
});
