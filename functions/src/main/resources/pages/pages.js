// The pages' one script (served as /pages.js; the content security policy allows no inline script).
// A run still going: its <main> carries data-poll (its JSON address) and data-version. Every two seconds the
// script asks the JSON API; when the version changed it fetches the page again and swaps <main> in place, so the
// page updates without a reload. It stops once the run has ended (the new <main> has no data-poll).
// The sign-in shell on AWS (shell.js) watches the same way through window.pipelinePages.watch, with its own
// fetch (which sends the bearer token) and the address of the page it shows.
(function () {
  'use strict';

  function plainGet(url, accept) {
    return fetch(url, {headers: {'Accept': accept}, credentials: 'same-origin'});
  }

  // options: get(url, accept) -> Promise of a Response; page: the page's address; swapped(main): after each swap;
  // failed(error): a tick failed, return true to stop watching (else the next tick tries again).
  function watch(main, options) {
    var get = options.get || plainGet;
    var page = options.page || window.location.href;
    var busy = false;
    var timer = setInterval(tick, 2000);

    function tick() {
      if (busy) {
        return;
      }
      busy = true;
      get(main.getAttribute('data-poll'), 'application/json')
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
          return get(page, 'text/html')
            .then(function (response) { return response.text(); })
            .then(function (html) {
              var next = new DOMParser().parseFromString(html, 'text/html').querySelector('main');
              if (!next) {
                return;
              }
              main.replaceWith(next);
              main = next;
              if (options.swapped) {
                options.swapped(next);
              }
              if (!next.hasAttribute('data-poll')) {
                clearInterval(timer);
              }
            });
        })
        .catch(function (error) {
          if (options.failed && options.failed(error)) {
            clearInterval(timer);
          }
        })
        .then(function () { busy = false; });
    }
  }

  window.pipelinePages = {watch: watch};
  var main = document.querySelector('main[data-poll]');
  if (main && window.fetch) {
    watch(main, {});
  }
}());
