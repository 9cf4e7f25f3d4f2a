// A tag manager's container: it adds the chat widget on the visitor's first interaction.
(function () {
  function addChat() {
    if (window.__chatAdded) return;
    window.__chatAdded = true;
    window.Tawk_API = window.Tawk_API || {};
    var s = document.createElement("script");
    s.async = true;
    s.src = "https://embed.tawk.to/5f3c0ffee0123456789abcde/default";
    document.head.appendChild(s);
  }
  ["scroll", "mousemove", "touchstart", "keydown"].forEach(function (e) {
    window.addEventListener(e, addChat, { once: true, passive: true });
  });
})();
