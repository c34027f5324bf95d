// Webitel login app (/app/auth): the current two-step form, or the 2024–26 domain-first one.
(function () {
  'use strict';
  var WT = window.WT;
  var cfg = WT.boot();
  var app = document.getElementById('app');
  var params = new URLSearchParams(location.search);
  var DOMAIN_RE = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

  function field(name, label, placeholder, type, value) {
    return (
      '<div class="wt-input" name="' + name + '">' +
      '<label class="wt-label" for="f-' + name + '">' + WT.esc(label) + '</label>' +
      '<div class="wt-input__wrapper"><input id="f-' + name + '" class="wt-input__input p-inputtext" name="' + name + '" type="' + type + '" placeholder="' + WT.esc(placeholder) + '" value="' + WT.esc(value || '') + '" autocomplete="' + (type === 'password' ? 'current-password' : 'username') + '"></div>' +
      '<div class="wt-input__error" role="alert"></div>' +
      '</div>'
    );
  }

  function shell(inner) {
    app.innerHTML =
      '<div class="auth">' +
      '<div class="auth__aside"><div class="auth__brand">' + WT.LOGO + '<span>webitel</span></div>' +
      '<div class="auth__claim"><h2>Contact center in the cloud</h2><p>Calls, chats and messengers in one Agent Workspace.</p></div>' +
      '<div class="auth__art" aria-hidden="true"><span></span><span></span><span></span></div></div>' +
      '<div class="auth__main"><div class="auth__card">' + inner + '</div><div class="auth__footer">© Webitel · sandbox</div></div>' +
      '</div>';
  }

  function done(token) {
    localStorage.setItem('access-token', token);
    var to = params.get('redirectTo');
    var target;
    try {
      target = new URL(to || '/', location.origin);
      if (target.origin !== location.origin) target = new URL('/', location.origin);
    } catch {
      target = new URL('/', location.origin);
    }
    target.searchParams.set('accessToken', token);
    location.assign(target.toString());
  }

  function showError(wrap, text) {
    wrap.classList.toggle('wt-input--invalid', !!text);
    wrap.querySelector('.wt-input__error').textContent = text || '';
  }

  function postLogin(body) {
    return fetch('/api/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }).then(function (res) {
      return res.json().then(function (data) {
        if (!res.ok) throw new Error(data.detail || 'Login failed');
        return data.access_token;
      });
    });
  }

  function validity(btn, ok) {
    btn.setAttribute('data-invalid', String(!ok));
    btn.disabled = !ok || btn.classList.contains('p-button--loading');
  }

  // ---- current: login, then password ----
  function twoStep() {
    var login = '';
    function stepLogin() {
      shell(
        '<h1 class="auth__title">Sign in</h1><p class="auth__subtitle">Enter your login</p>' +
        '<form class="auth__form" novalidate>' + field('username', 'Login*', 'Login', 'text', login) +
        WT.button('Next', { type: 'submit', cls: 'auth__submit', disabled: !login }) + '</form>'
      );
      var form = app.querySelector('form');
      var input = form.querySelector('input[name="username"]');
      var btn = form.querySelector('button');
      validity(btn, !!input.value.trim());
      input.addEventListener('input', function () { validity(btn, !!input.value.trim()); });
      form.addEventListener('submit', function (e) {
        e.preventDefault();
        if (!input.value.trim()) return;
        login = input.value.trim();
        stepPassword();
      });
      input.focus();
    }
    function stepPassword() {
      shell(
        '<h1 class="auth__title">Sign in</h1><p class="auth__subtitle">Enter your password</p>' +
        '<button type="button" class="auth__chip" title="Change login">‹ ' + WT.esc(login) + '</button>' +
        '<form class="auth__form" novalidate>' + field('password', 'Password*', 'Password', 'password') +
        WT.button('Next', { type: 'submit', cls: 'auth__submit', disabled: true }) + '</form>'
      );
      var form = app.querySelector('form');
      var wrap = form.querySelector('.wt-input');
      var input = form.querySelector('input[name="password"]');
      var btn = form.querySelector('button');
      app.querySelector('.auth__chip').addEventListener('click', stepLogin);
      input.addEventListener('input', function () { showError(wrap, ''); validity(btn, !!input.value); });
      form.addEventListener('submit', function (e) {
        e.preventDefault();
        if (!input.value || btn.classList.contains('p-button--loading')) return;
        WT.setLoading(btn, true);
        postLogin({ username: login, password: input.value }).then(done, function (err) {
          WT.setLoading(btn, false);
          showError(wrap, err.message);
        });
      });
      input.focus();
    }
    stepLogin();
  }

  // ---- Aug 2024 – May 2026: domain, then username + password ----
  function domainFirst() {
    var domain = '';
    function stepDomain() {
      shell(
        '<h1 class="auth__title">Sign in</h1><p class="auth__subtitle">Enter your domain</p>' +
        '<form class="auth__form" novalidate>' + field('domain', 'Domain*', 'Domain', 'text', domain) +
        WT.button('Next', { type: 'submit', cls: 'auth__submit', disabled: true }) + '</form>'
      );
      var form = app.querySelector('form');
      var wrap = form.querySelector('.wt-input');
      var input = form.querySelector('input[name="domain"]');
      var btn = form.querySelector('button');
      function check(show) {
        var ok = DOMAIN_RE.test(input.value.trim());
        validity(btn, ok);
        showError(wrap, show && !ok && input.value ? 'Incorrect domain' : '');
        return ok;
      }
      check(false);
      input.addEventListener('input', function () { check(true); });
      form.addEventListener('submit', function (e) {
        e.preventDefault();
        if (!check(true)) return;
        WT.setLoading(btn, true);
        fetch('/api/login?domain=' + encodeURIComponent(input.value.trim())).then(function (res) {
          WT.setLoading(btn, false);
          if (!res.ok) return showError(wrap, 'Domain not found');
          domain = input.value.trim().toLowerCase();
          stepCredentials();
        });
      });
      input.focus();
    }
    function stepCredentials() {
      shell(
        '<h1 class="auth__title">Sign in</h1><p class="auth__subtitle">Domain: <b>' + WT.esc(domain) + '</b></p>' +
        '<form class="auth__form" novalidate>' + field('username', 'Username*', 'Username', 'text') + field('password', 'Password*', 'Password', 'password') +
        '<div class="auth__actions">' + WT.button('Back', { color: 'secondary', cls: 'auth__back' }) + WT.button('Log in', { type: 'submit', cls: 'auth__submit', disabled: true }) + '</div></form>'
      );
      var form = app.querySelector('form');
      var user = form.querySelector('input[name="username"]');
      var pass = form.querySelector('input[name="password"]');
      var passWrap = pass.closest('.wt-input');
      var btn = form.querySelector('button[type="submit"]');
      function check() { validity(btn, !!user.value.trim() && !!pass.value); }
      user.addEventListener('input', check);
      pass.addEventListener('input', function () { showError(passWrap, ''); check(); });
      form.querySelector('.auth__back').addEventListener('click', stepDomain);
      form.addEventListener('submit', function (e) {
        e.preventDefault();
        if (!user.value.trim() || !pass.value) return;
        WT.setLoading(btn, true);
        postLogin({ username: user.value.trim(), password: pass.value, domain: domain }).then(done, function (err) {
          WT.setLoading(btn, false);
          showError(passWrap, err.message);
        });
      });
      user.focus();
    }
    stepDomain();
  }

  if (cfg.loginForm === 'domain-first') domainFirst();
  else twoStep();
})();
