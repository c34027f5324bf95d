// Webitel login app (/app/auth) as each release draws it: 26.04 domain first, 26.06 and later login then password.
(function () {
  'use strict';
  var WT = window.WT;
  var cfg = WT.boot();
  var app = document.getElementById('app');
  var params = new URLSearchParams(location.search);
  var release = cfg.release || '26.06';
  // is-valid-domain, as the SDK's domainValidator uses it: labels of letters, digits and dashes, a dot, a TLD.
  var DOMAIN_RE = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
  var REQUIRED = 'Field is required';

  function validLogin(v) {
    var parts = String(v).split('@');
    return parts.length === 2 && /^[^@\s]+$/.test(parts[0]) && DOMAIN_RE.test(parts[1]);
  }

  /** wt-input-text / wt-password: label, PrimeVue InputText, and the validation message below. */
  function field(o) {
    return (
      '<div class="wt-input-text' +
      (o.cls ? ' ' + o.cls : '') +
      '" data-field="' +
      (o.key || o.name || '') +
      '">' +
      '<label class="wt-label" for="f-' +
      (o.key || o.name) +
      '">' +
      WT.esc(o.label) +
      '</label>' +
      '<div class="p-inputgroup wt-input__wrapper"><input id="f-' +
      (o.key || o.name) +
      '" class="p-inputtext p-component wt-input-text__input wt-input__input"' +
      (o.name ? ' name="' + o.name + '"' : '') +
      ' type="' +
      (o.type || 'text') +
      '" placeholder="' +
      WT.esc(o.placeholder || o.label.replace(/\*$/, '')) +
      '" value="' +
      WT.esc(o.value || '') +
      '"' +
      (o.disabled ? ' disabled' : '') +
      ' autocomplete="' +
      (o.type === 'password' ? 'current-password' : 'username') +
      '"></div>' +
      '<div class="wt-input-text__message"></div></div>'
    );
  }

  /** Vuelidate after $touch(): each required field shows its message as soon as it is drawn and while it is empty. */
  function hint(root, key, text) {
    var box = root.querySelector('[data-field="' + key + '"] .wt-input-text__message');
    if (box) box.innerHTML = WT.fieldMessage(text);
  }

  var ART =
    '<section class="auth-info" aria-hidden="true"><div class="auth__aside"><div class="auth__brand">' +
    WT.LOGO +
    '<span>webitel</span></div>' +
    '<div class="auth__claim"><h2>Contact center in the cloud</h2><p>Calls, chats and messengers in one Agent Workspace.</p></div>' +
    '<div class="auth__art"><span></span><span></span><span></span></div></div></section>';

  function shell(title, inner) {
    app.innerHTML =
      '<main class="auth">' +
      '<section class="auth-form-wrapper auth__main"><div class="auth-form-wrapper__content auth__card">' +
      '<header class="auth-form-wrapper__header">' +
      WT.LOGO +
      '</header>' +
      '<h1 class="auth-tabs-title auth__title">Sign in</h1>' +
      (title ? '<div class="auth-wrapper__title auth__subtitle">' + WT.esc(title) + '</div>' : '') +
      '<div class="auth-form">' +
      inner +
      '</div></div><div class="auth__footer">© Webitel ' +
      WT.esc(release) +
      ' · sandbox</div></section>' +
      ART +
      '</main>';
  }

  function redirectWith(token) {
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

  function request(method, path, body) {
    return fetch(path, { method: method, headers: body ? { 'Content-Type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined }).then(
      function (res) {
        return res.text().then(function (text) {
          var data = text ? JSON.parse(text) : {};
          if (!res.ok) {
            var err = new Error(data.detail || res.statusText);
            err.code = data.code || res.status;
            err.id = data.id || '';
            throw err;
          }
          return data;
        });
      },
    );
  }

  /** Real errors are toasts (wt-notifications-bar); a 412 password change draws its own form instead. */
  function loginFailed(err, creds) {
    if (err.code === 412 && (err.id === 'app.password.force_change' || err.id === 'app.password.expired')) return changePassword(err.id, creds);
    WT.toast(err.message, 'error');
  }

  /** POST /login: a token, or a two-factor session id when the domain asks for a code. */
  function login(creds, onCode) {
    return request('POST', '/api/login', creds).then(function (data) {
      if (data.access_token) {
        localStorage.setItem('access-token', data.access_token);
        return redirectWith(data.access_token);
      }
      if (data.id) return onCode(data.id);
      throw new Error('Login failed');
    });
  }

  function login2fa(id, totp) {
    return request('POST', '/api/login/2fa', { id: id, totp: totp }).then(function (data) {
      localStorage.setItem('access-token', data.access_token);
      redirectWith(data.access_token);
    });
  }

  function checkDomain(domain) {
    return request('GET', '/api/login?domain=' + encodeURIComponent(domain));
  }

  function validity(btn, ok) {
    btn.setAttribute('data-invalid', String(!ok));
    btn.disabled = !ok || btn.classList.contains('p-button--loading');
  }

  /** useNextOnEnter: Enter does what the primary button does, when the form is valid. */
  function onEnter(root, btn) {
    root.addEventListener('keyup', function (e) {
      if (e.key === 'Enter' && !btn.disabled) btn.click();
    });
  }

  function ssoRedirect(providers) {
    var p = providers && providers[0];
    location.assign('/api/login' + (p ? p.url : '/sso') + '?redirect_uri=' + encodeURIComponent(location.href));
  }

  // ---- 26.06 and later: one login field (name@domain), then the password below it, then a code ----
  function twoStep() {
    var st = { step: 1, login: '', tfa: false, session: '', sso: false, providers: [] };
    function render() {
      var title = st.step === 1 ? 'Enter your login' : st.step === 2 ? 'Enter your password' : 'Enter your credentials';
      shell(
        title,
        '<div class="the-login"><div class="login-form-fields">' +
          field({ name: 'username', label: 'Login*', placeholder: 'Login', value: st.login }) +
          (st.step >= 2 ? field({ name: 'password', label: 'Password*', placeholder: 'Password', type: 'password' }) : '') +
          (st.step === 3 ? field({ key: 'totp', label: 'Code*', placeholder: 'Code' }) : '') +
          '</div><div class="auth-wrapper__actions"><a class="the-login__link">Create account</a>' +
          WT.button('Next', { cls: 'auth__submit' }) +
          '</div></div>',
      );
      var root = app.querySelector('.the-login');
      var user = root.querySelector('input[name="username"]');
      var pass = root.querySelector('input[name="password"]');
      var code = root.querySelector('[data-field="totp"] input');
      var btn = root.querySelector('.auth__submit');
      function check() {
        var v = user.value.trim();
        hint(root, 'username', v ? '' : REQUIRED);
        if (pass) hint(root, 'password', pass.value ? '' : REQUIRED);
        if (code) hint(root, 'totp', code.value.trim() ? '' : REQUIRED);
        validity(btn, validLogin(v) && (!pass || !!pass.value) && (!code || !!code.value.trim()));
      }
      user.addEventListener('input', function () {
        var v = user.value.trim();
        // A login with another domain starts over at step 1 (login-form-fields.vue, change-login).
        if (st.step > 1 && v.split('@')[1] !== st.login.split('@')[1]) {
          st.login = v;
          st.step = 1;
          st.session = '';
          render();
          app.querySelector('input[name="username"]').focus();
          return;
        }
        st.login = v;
        check();
      });
      if (pass) pass.addEventListener('input', check);
      if (code) code.addEventListener('input', check);
      check();
      onEnter(root, btn);
      btn.addEventListener('click', function () {
        if (btn.disabled) return;
        st.login = user.value.trim();
        if (st.step === 1) {
          WT.setLoading(btn, true);
          checkDomain(st.login.split('@')[1]).then(
            function (d) {
              WT.setLoading(btn, false);
              st.tfa = !!d.enabled_tfa;
              st.providers = d.providers || [];
              if (d.login_options === 'sso_only') return ssoRedirect(st.providers);
              st.step = 2;
              render();
              app.querySelector('input[name="password"]').focus();
            },
            function (err) {
              WT.setLoading(btn, false);
              WT.toast(err.message, 'error');
            },
          );
          return;
        }
        var creds = { username: st.login, password: pass.value };
        WT.setLoading(btn, true);
        var done = function () {
          WT.setLoading(btn, false);
        };
        if (st.step === 3)
          return login2fa(st.session, code.value.trim()).catch(function (err) {
            done();
            loginFailed(err, creds);
          });
        login(creds, function (id) {
          st.session = id;
          st.step = 3;
          var keep = pass.value;
          render();
          app.querySelector('input[name="password"]').value = keep;
          app.querySelector('[data-field="totp"] input').focus();
        }).catch(function (err) {
          done();
          loginFailed(err, creds);
        });
      });
      (st.step === 1 ? user : st.step === 2 ? pass : code).focus();
    }
    render();
  }

  // ---- 26.04: a stepper — domain; then login and password; then a code ----
  function domainFirst() {
    var st = { step: 1, domain: '', session: '', tfa: false, providers: [] };
    function stepper(desc) {
      return '<div class="wt-stepper"><div class="wt-stepper__description">' + WT.esc(desc) + '</div></div>';
    }
    function stepDomain() {
      shell(
        '',
        stepper('Enter your Domain name') +
          '<div class="auth-form-step">' +
          field({ name: 'domain', label: 'Domain*', placeholder: 'Domain', value: st.domain }) +
          '<div class="auth-form-actions"><a class="auth-form-actions--link">Create account</a>' +
          WT.button('Next', { cls: 'auth__submit' }) +
          '</div></div>',
      );
      var root = app.querySelector('.auth-form-step');
      var input = root.querySelector('input[name="domain"]');
      var btn = root.querySelector('.auth__submit');
      function check() {
        var v = input.value.trim();
        hint(root, 'domain', v ? '' : REQUIRED);
        validity(btn, DOMAIN_RE.test(v));
      }
      input.addEventListener('input', check);
      check();
      onEnter(root, btn);
      btn.addEventListener('click', function () {
        if (btn.disabled) return;
        WT.setLoading(btn, true);
        checkDomain(input.value.trim()).then(
          function (d) {
            WT.setLoading(btn, false);
            st.domain = input.value.trim().toLowerCase();
            st.tfa = !!d.enabled_tfa;
            // 26.4 knows no SSO-only domain: its identity providers ({name: ticket}) are offered below the password form.
            st.providers = Object.keys(d.federation || {}).map(function (name) {
              return { name: name, ticket: d.federation[name] };
            });
            stepCredentials();
          },
          function (err) {
            WT.setLoading(btn, false);
            WT.toast(err.message, 'error');
          },
        );
      });
      input.focus();
    }
    /** the-login-providers.vue: "Or Continue with" and an icon button per provider, when the domain has any. */
    function providersFooter() {
      if (!st.providers.length) return '';
      return (
        '<footer class="auth-form-footer"><div class="auth-form-footer__inner"><hr class="wt-divider"><p class="auth-form-footer__title">Or Continue with</p><hr class="wt-divider"></div>' +
        '<div class="auth-form-footer__wrapper">' +
        st.providers
          .map(function (p) {
            return (
              '<button type="button" class="p-button p-component wt-button wt-button--secondary auth-form-footer__button" data-ticket="' +
              WT.esc(p.ticket) +
              '" title="' +
              WT.esc(p.name) +
              '">' +
              '<span class="wt-icon" aria-hidden="true">' +
              WT.esc(p.name.slice(0, 1)) +
              '</span></button>'
            );
          })
          .join('') +
        '</div></footer>'
      );
    }
    function stepCredentials() {
      shell(
        '',
        stepper('Enter your login and password') +
          '<div class="auth-form-step"><div class="auth-form-inner">' +
          field({ key: 'domain', label: 'Domain', value: st.domain, disabled: true, cls: 'auth-form-inner--domain' }) +
          field({ name: 'username', label: 'Login*', placeholder: 'Login' }) +
          field({ name: 'password', label: 'Password*', placeholder: 'Password', type: 'password' }) +
          '</div><div class="auth-form-actions auth__actions">' +
          WT.button('Back', { color: 'secondary', cls: 'auth__back' }) +
          WT.button('Log in', { cls: 'auth__submit' }) +
          '</div>' +
          providersFooter() +
          '</div>',
      );
      var root = app.querySelector('.auth-form-step');
      root.querySelectorAll('.auth-form-footer__button').forEach(function (b) {
        b.addEventListener('click', function () {
          location.assign('/api/login' + b.getAttribute('data-ticket') + '?redirect_uri=' + encodeURIComponent(location.href));
        });
      });
      var user = root.querySelector('input[name="username"]');
      var pass = root.querySelector('input[name="password"]');
      var btn = root.querySelector('.auth__submit');
      function check() {
        hint(root, 'username', user.value.trim() ? '' : REQUIRED);
        hint(root, 'password', pass.value ? '' : REQUIRED);
        validity(btn, !!user.value.trim() && !!pass.value);
      }
      user.addEventListener('input', check);
      pass.addEventListener('input', check);
      check();
      onEnter(root, btn);
      root.querySelector('.auth__back').addEventListener('click', stepDomain);
      btn.addEventListener('click', function () {
        if (btn.disabled) return;
        var creds = { username: user.value.trim(), password: pass.value, domain: st.domain };
        WT.setLoading(btn, true);
        login(creds, function (id) {
          st.session = id;
          stepCode(creds);
        }).catch(function (err) {
          WT.setLoading(btn, false);
          loginFailed(err, creds);
        });
      });
      user.focus();
    }
    function stepCode(creds) {
      shell(
        '',
        stepper('Enter your authentication code') +
          '<div class="auth-form-step">' +
          field({ key: 'totp', label: 'Code', placeholder: 'Code' }) +
          '<div class="auth-form-actions auth__actions">' +
          WT.button('Back', { color: 'secondary', cls: 'auth__back' }) +
          WT.button('Log in', { cls: 'auth__submit' }) +
          '</div></div>',
      );
      var root = app.querySelector('.auth-form-step');
      var code = root.querySelector('input');
      var btn = root.querySelector('.auth__submit');
      function check() {
        hint(root, 'totp', code.value.trim() ? '' : REQUIRED);
        validity(btn, !!code.value.trim());
      }
      code.addEventListener('input', check);
      check();
      onEnter(root, btn);
      root.querySelector('.auth__back').addEventListener('click', stepCredentials);
      btn.addEventListener('click', function () {
        if (btn.disabled) return;
        WT.setLoading(btn, true);
        login2fa(st.session, code.value.trim()).catch(function (err) {
          WT.setLoading(btn, false);
          loginFailed(err, creds);
        });
      });
      code.focus();
    }
    stepDomain();
  }

  // ---- HTTP 412: a forced or expired password must be changed before anything else ----
  function changePassword(id, creds) {
    var message = id === 'app.password.expired' ? 'Your password has expired. Please set up a new password.' : 'You need to set up a new password';
    shell(
      '',
      '<div class="login-change-password"><div class="login-change-password-header"><span class="wt-icon wt-icon--error" aria-hidden="true">🔒</span>' +
        '<span class="login-change-password-header--text">' +
        WT.esc(message) +
        '</span></div><div class="login-change-password-fields">' +
        field({ key: 'new', name: 'password', label: 'New Password*', placeholder: 'New Password', type: 'password' }) +
        field({ key: 'confirm', name: 'password', label: 'Confirm new password*', placeholder: 'Confirm new password', type: 'password' }) +
        '</div><div class="auth__actions">' +
        WT.button('Back', { color: 'secondary', cls: 'auth__back' }) +
        WT.button('Save', { cls: 'auth__submit' }) +
        '</div></div>',
    );
    var root = app.querySelector('.login-change-password');
    var a = root.querySelector('[data-field="new"] input');
    var b = root.querySelector('[data-field="confirm"] input');
    var btn = root.querySelector('.auth__submit');
    function check() {
      validity(btn, !!a.value && a.value === b.value);
    }
    a.addEventListener('input', check);
    b.addEventListener('input', check);
    check();
    root.querySelector('.auth__back').addEventListener('click', start);
    btn.addEventListener('click', function () {
      if (btn.disabled) return;
      WT.setLoading(btn, true);
      request('PUT', '/api/users/password', {
        username: creds.username,
        domain: creds.domain,
        old_password: creds.password,
        user_password: a.value,
        confirm_password: b.value,
      })
        .then(function () {
          return login({ username: creds.username, password: a.value, domain: creds.domain }, function () {
            start();
          });
        })
        .catch(function (err) {
          WT.setLoading(btn, false);
          WT.toast(err.message, 'error');
        });
    });
  }

  function start() {
    if (cfg.loginForm === 'domain-first') domainFirst();
    else twoStep();
  }

  /** checkCurrentSession: a stored token that /userinfo accepts forwards to redirectTo with it. */
  function checkCurrentSession() {
    var t = localStorage.getItem('access-token');
    if (!t || t === 'undefined') {
      localStorage.removeItem('access-token');
      return Promise.resolve(null);
    }
    return fetch('/api/userinfo', { headers: { 'X-Webitel-Access': t } }).then(
      function (res) {
        if (!res.ok) {
          localStorage.removeItem('access-token');
          return null;
        }
        return t;
      },
      function () {
        return null;
      },
    );
  }

  if (params.get('error_description') || params.get('error')) WT.toast(params.get('error_description') || params.get('error'), 'error');

  if (release === '26.04') {
    // 26.04 draws the form at once and checks the stored session beside it: the form flashes, then forwards.
    start();
    checkCurrentSession().then(function (t) {
      if (t) redirectWith(t);
    });
  } else {
    // 26.06 and later draw nothing until the check is done (the-app.vue, isCheckingSession).
    checkCurrentSession().then(function (t) {
      if (t) redirectWith(t);
      else start();
    });
  }
})();
