// The pages' one script (served as /pages.js; the content security policy allows no inline script).
// A run still going: its <main> carries data-poll (its JSON address) and data-version. Every two seconds the
// script asks the JSON API; when the version changed it fetches the page again and swaps <main> in place, so the
// page updates without a reload. It stops once the run has ended (the new <main> has no data-poll).
(function () {
  'use strict';
  var main = document.querySelector('main[data-poll]');
  if (!main || !window.fetch) {
    return;
  }
  var busy = false;
  var timer = setInterval(tick, 2000);

  function tick() {
    if (busy) {
      return;
    }
    busy = true;
    fetch(main.getAttribute('data-poll'), {headers: {'Accept': 'application/json'}, credentials: 'same-origin'})
      .then(function (response) {
        if (!response.ok) {
          throw new Error('HTTP ' + response.status);
        }
        return response.json();
      })
      .then(function (run) {
        if (run.version === main.getAttribute('data-version')) {
          return null;
        }
        return fetch(window.location.href, {credentials: 'same-origin'})
          .then(function (response) { return response.text(); })
          .then(function (html) {
            var next = new DOMParser().parseFromString(html, 'text/html').querySelector('main');
            if (!next) {
              return;
            }
            main.replaceWith(next);
            main = next;
            if (!next.hasAttribute('data-poll')) {
              clearInterval(timer);
            }
          });
      })
      .catch(function () { /* the next tick tries again */ })
      .then(function () { busy = false; });
  }
}());
