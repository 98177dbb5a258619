// Once django-otp-webauthn's script has registered a passkey (two-factor set-up page): go to the
// page that shows the recovery codes of a first second factor, or back where the person was.
(function () {
  "use strict";
  document.addEventListener("otp_webauthn.register_complete", function () {
    var config = JSON.parse(document.getElementById("otp_webauthn_config").textContent);
    var next = document.querySelector("input[name='next']");
    var url = new URL(config.addedUrl, window.location.origin);
    if (next && next.value) {
      url.searchParams.set("next", next.value);
    }
    window.location.assign(url.toString());
  });
})();
