// The sign-in shell of the pages on AWS (served public as /pages/shell.js, after /pages/pages.js; see SignInShell).
// The pages and their API answer only requests with `Authorization: Bearer <token>`, which a browser's navigation
// never sends. So /pages/<page> is this shell: it signs in with the OIDC authorization code flow and PKCE (S256),
// keeps the tokens in this tab's sessionStorage (never localStorage, never a cookie), fetches /<page> with the token
// and shows its <main>. Links and forms in the content are pointed back under /pages. A running run's page keeps
// updating through pages.js's watch, with the same fetch. Before the access token expires it is refreshed with the
// refresh token; when that fails, or the API answers 401, the shell says so and offers to sign in again.
// The issuer's settings are the <body>'s data- attributes: authorize, token, client-id, scope, logout, pages.
(function () {
  'use strict';
  var PREFIX = '/pages';
  var TOKENS = 'pipeline.pages.tokens';
  var PENDING = 'pipeline.pages.sign-in';
  var settings = document.body.dataset;
  var pages = (settings.pages || '').split(' ');
  var store = window.sessionStorage;
  var notice = document.getElementById('notice');
  var signOutButton = document.getElementById('sign-out');

  function SignInNeeded(message) {
    this.message = message;
  }

  signOutButton.addEventListener('click', signOut);
  var path = window.location.pathname.replace(/\/+$/, '');
  if (path === PREFIX + '/callback') {
    callback();
  } else if (path === PREFIX + '/signed-out') {
    shellMessage('You are signed out of the pages.');
    say('Signed out.', '/runs', 'Sign in');
  } else {
    show(target(path, window.location.search));
  }

  // /pages/run?id=1 shows /run?id=1; /pages shows /runs. Only the pages' own paths, never another origin.
  function target(shellPath, search) {
    var page = shellPath.substring(PREFIX.length) || '/runs';
    return pages.indexOf(page) < 0 ? '/runs' : page + search;
  }

  function show(page) {
    if (!read()) {
      signIn(page);
      return;
    }
    get(page, 'text/html')
      .then(function (response) { return response.text(); })
      .then(function (html) { swap(html, page); })
      .catch(function (error) { failed(error, page); });
  }

  function swap(html, page) {
    var doc = new DOMParser().parseFromString(html, 'text/html');
    var next = doc.querySelector('main');
    if (!next) {
      say('The page ' + page + ' answered without content.');
      return;
    }
    adopt(next);
    document.querySelector('main').replaceWith(next);
    document.title = doc.title;
    signOutButton.hidden = false;
    say('');
    if (next.hasAttribute('data-poll') && window.pipelinePages) {
      window.pipelinePages.watch(next, {
        get: get,
        page: page,
        swapped: adopt,
        failed: function (error) {
          if (error instanceof SignInNeeded) {
            say(error.message, page, 'Sign in again');
            return true;
          }
          return false;
        }
      });
    }
  }

  // The content's links and forms point at the pages (/run?id=…): point them at the shell (/pages/run?id=…).
  function adopt(main) {
    Array.prototype.forEach.call(main.querySelectorAll('a[href^="/"]'), function (a) {
      var url = new URL(a.getAttribute('href'), window.location.origin);
      if (pages.indexOf(url.pathname) >= 0) {
        a.setAttribute('href', PREFIX + url.pathname + url.search);
      }
    });
    Array.prototype.forEach.call(main.querySelectorAll('form[action^="/"]'), function (form) {
      if (pages.indexOf(form.getAttribute('action')) >= 0) {
        form.setAttribute('action', PREFIX + form.getAttribute('action'));
      }
    });
  }

  function failed(error, page) {
    if (error instanceof SignInNeeded) {
      shellMessage('Not signed in.');
      say(error.message, page, 'Sign in again');
    } else {
      shellMessage('Not loaded.');
      say('The page could not be loaded: ' + (error && error.message ? error.message : error) + '.', page, 'Try again');
    }
  }

  // ---- requests with the token ----

  function get(url, accept) {
    return token()
      .then(function (access) {
        return fetch(url, {
          headers: {'Accept': accept, 'Authorization': 'Bearer ' + access},
          credentials: 'omit',
          cache: 'no-store'
        });
      })
      .then(function (response) {
        if (response.status === 401) {
          forget();
          throw new SignInNeeded('Your sign-in has expired or was not accepted: sign in again to go on.');
        }
        return response;
      });
  }

  function token() {
    var tokens = read();
    if (!tokens) {
      return Promise.reject(new SignInNeeded('You are signed out: sign in to go on.'));
    }
    if (Date.now() < tokens.expiresAt - 30000) {
      return Promise.resolve(tokens.access);
    }
    if (!tokens.refresh) {
      forget();
      return Promise.reject(new SignInNeeded('Your sign-in has expired: sign in again to go on.'));
    }
    return exchange({grant_type: 'refresh_token', refresh_token: tokens.refresh})
      .then(function (fresh) { return fresh.access; }, function () {
        forget();
        throw new SignInNeeded('Your sign-in has expired and could not be renewed: sign in again to go on.');
      });
  }

  function exchange(params) {
    params.client_id = settings.clientId;
    return fetch(settings.token, {
      method: 'POST',
      headers: {'Content-Type': 'application/x-www-form-urlencoded', 'Accept': 'application/json'},
      body: new URLSearchParams(params).toString(),
      credentials: 'omit',
      cache: 'no-store'
    }).then(function (response) {
      return response.json()
        .catch(function () { return {}; })
        .then(function (body) {
          if (!response.ok || !body.access_token) {
            throw new Error(body.error_description || body.error || 'HTTP ' + response.status);
          }
          return save(body);
        });
    });
  }

  function read() {
    try {
      return JSON.parse(store.getItem(TOKENS));
    } catch (e) {
      return null;
    }
  }

  function save(body) {
    var old = read() || {};
    var tokens = {
      access: body.access_token,
      refresh: body.refresh_token || old.refresh || null,
      expiresAt: Date.now() + (Number(body.expires_in) || 300) * 1000
    };
    store.setItem(TOKENS, JSON.stringify(tokens));
    return tokens;
  }

  function forget() {
    store.removeItem(TOKENS);
  }

  // ---- the authorization code flow with PKCE ----

  function signIn(page) {
    var verifier = random(32);
    var state = random(16);
    crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)).then(function (digest) {
      store.setItem(PENDING, JSON.stringify({state: state, verifier: verifier, page: page}));
      var query = new URLSearchParams({
        response_type: 'code',
        client_id: settings.clientId,
        redirect_uri: window.location.origin + PREFIX + '/callback',
        scope: settings.scope,
        state: state,
        code_challenge: base64url(new Uint8Array(digest)),
        code_challenge_method: 'S256'
      });
      window.location.assign(settings.authorize + (settings.authorize.indexOf('?') < 0 ? '?' : '&') + query);
    });
  }

  function callback() {
    var answer = new URLSearchParams(window.location.search);
    var pending = null;
    try {
      pending = JSON.parse(store.getItem(PENDING));
    } catch (e) {
      pending = null;
    }
    store.removeItem(PENDING);
    window.history.replaceState(null, '', PREFIX + '/callback');
    var page = pending && pending.page ? pending.page : '/runs';
    if (answer.get('error')) {
      shellMessage('Not signed in.');
      say('The sign-in was refused: ' + answer.get('error')
        + (answer.get('error_description') ? ' (' + answer.get('error_description') + ')' : '') + '.', page, 'Sign in again');
      return;
    }
    if (!pending || !answer.get('code') || answer.get('state') !== pending.state) {
      shellMessage('Not signed in.');
      say('This sign-in answer does not belong to a sign-in started in this tab (its state does not match).', page,
        'Sign in again');
      return;
    }
    exchange({
      grant_type: 'authorization_code',
      code: answer.get('code'),
      redirect_uri: window.location.origin + PREFIX + '/callback',
      code_verifier: pending.verifier
    }).then(function () {
      window.history.replaceState(null, '', PREFIX + page);
      show(page);
    }, function (error) {
      shellMessage('Not signed in.');
      say('The issuer gave no token for this sign-in: ' + error.message + '.', page, 'Sign in again');
    });
  }

  function signOut() {
    forget();
    if (settings.logout) {
      window.location.assign(settings.logout);
    } else {
      window.location.assign(PREFIX + '/signed-out');
    }
  }

  function random(bytes) {
    var values = new Uint8Array(bytes);
    crypto.getRandomValues(values);
    return base64url(values);
  }

  function base64url(bytes) {
    var text = '';
    for (var i = 0; i < bytes.length; i++) {
      text += String.fromCharCode(bytes[i]);
    }
    return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  // ---- what the shell says ----

  function shellMessage(text) {
    var main = document.querySelector('main');
    if (main && main.id === 'shell') {
      main.textContent = '';
      var p = document.createElement('p');
      p.textContent = text;
      main.appendChild(p);
    }
  }

  // A line in the notice, with a button that signs in (again) to show `page`, or none.
  function say(text, page, action) {
    notice.textContent = text;
    if (page && action) {
      var button = document.createElement('button');
      button.type = 'button';
      button.id = 'sign-in';
      button.textContent = action;
      button.addEventListener('click', function () {
        if (action === 'Try again') {
          show(page);
        } else {
          signIn(page);
        }
      });
      notice.appendChild(document.createTextNode(' '));
      notice.appendChild(button);
    }
  }
}());
