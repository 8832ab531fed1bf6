// aduana — progressive enhancement only: every page works without this file.
// On the OCE screen, choosing a Tipo de OCE refreshes the list of codes at
// once (the "Mostrar códigos" button does the same without JavaScript).
'use strict';
document.addEventListener('DOMContentLoaded', function () {
  document.querySelectorAll('select[data-autosubmit]').forEach(function (sel) {
    var btn = document.getElementById(sel.getAttribute('data-autosubmit'));
    if (!btn || !sel.form) return;
    btn.hidden = true;
    sel.addEventListener('change', function () {
      if (sel.form.requestSubmit) sel.form.requestSubmit(btn); else btn.click();
    });
  });
});
