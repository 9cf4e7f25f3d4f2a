// The contact form and the phone are injected by a script.
document.getElementById("contact-form").innerHTML =
  "<p>Llámanos al <a href='tel:+34911234567'>911 234 567</a>.</p>" +
  "<form action='/contacto' method='post'><label>Nombre <input name='nombre'></label>" +
  "<label>Correo <input type='email' name='email'></label><label>Mensaje <textarea name='mensaje'></textarea></label>" +
  "<button>Enviar</button></form>";
