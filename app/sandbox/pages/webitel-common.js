// Shared helpers of the Webitel stand-in pages (login, Workspace, Admin). Plain browser JS.
(function () {
  'use strict';
  var TOKEN_KEY = 'access-token';

  function esc(s) {
    return String(s == null ? '' : s).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }

  function boot() {
    var el = document.getElementById('boot');
    return el ? JSON.parse(el.textContent || '{}') : {};
  }

  /** Takes `?accessToken=` from the URL into localStorage (the login hand-off), returns the token. */
  function token() {
    var u = new URL(location.href);
    var t = u.searchParams.get('accessToken');
    if (t) {
      localStorage.setItem(TOKEN_KEY, t);
      u.searchParams.delete('accessToken');
      history.replaceState(null, '', u.pathname + u.search + u.hash);
    }
    return localStorage.getItem(TOKEN_KEY);
  }

  function toLogin() {
    localStorage.removeItem(TOKEN_KEY);
    location.replace('/app/auth?redirectTo=' + encodeURIComponent(location.href));
  }

  function api(method, path, body) {
    var headers = { 'X-Webitel-Access': localStorage.getItem(TOKEN_KEY) || '' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    return fetch(path, { method: method, headers: headers, body: body === undefined ? undefined : JSON.stringify(body) }).then(function (res) {
      return res.text().then(function (text) {
        var data = text ? JSON.parse(text) : null;
        if (res.status === 401) {
          toLogin();
          throw new Error('unauthorized');
        }
        if (!res.ok) throw new Error((data && data.detail) || res.statusText);
        return data;
      });
    });
  }

  /** PrimeVue ToggleSwitch inside a wt-switcher, as Webitel renders it (SDK wt-switcher.vue: the label is not tied to the input). */
  function switcher(opts) {
    var on = !!opts.checked;
    var off = !!opts.disabled;
    return (
      '<div class="wt-switcher typo-subtitle-2 ' +
      (opts.cls || '') +
      '"' +
      (opts.attrs || '') +
      '>' +
      '<div class="p-toggleswitch p-component' +
      (on ? ' p-toggleswitch-checked' : '') +
      (off ? ' p-disabled' : '') +
      '" data-pc-name="toggleswitch" data-p-checked="' +
      on +
      '" data-p-disabled="' +
      off +
      '">' +
      '<input type="checkbox" role="switch" class="p-toggleswitch-input" aria-checked="' +
      on +
      '"' +
      (on ? ' checked' : '') +
      (off ? ' disabled' : '') +
      '>' +
      '<div class="p-toggleswitch-slider"><div class="p-toggleswitch-handle"></div></div>' +
      '</div>' +
      (opts.label ? '<label><div class="wt-switcher__label">' + esc(opts.label) + '</div></label>' : '') +
      '</div>'
    );
  }

  function setSwitch(root, on) {
    var ts = root.querySelector('.p-toggleswitch');
    var input = root.querySelector('input[role="switch"]');
    ts.setAttribute('data-p-checked', String(!!on));
    ts.classList.toggle('p-toggleswitch-checked', !!on);
    input.setAttribute('aria-checked', String(!!on));
    input.checked = !!on;
  }

  /** wt-button's loading state (SDK wt-button.vue): the `p-button--loading` class and a wt-loader inside; PrimeVue disables it meanwhile. */
  function setLoading(btn, loading) {
    btn.classList.toggle('p-button--loading', !!loading);
    var loader = btn.querySelector('.wt-loader');
    if (loading && !loader) btn.insertAdjacentHTML('afterbegin', '<span class="wt-loader wt-loader--sm" aria-hidden="true"></span>');
    if (!loading && loader) loader.remove();
    btn.disabled = !!loading || btn.getAttribute('data-invalid') === 'true';
  }

  /** A wt-button: type="button" (never submit), its label upper-cased by CSS as Webitel's `typo-button` does. */
  function button(text, opts) {
    opts = opts || {};
    return (
      '<button type="' +
      (opts.type || 'button') +
      '" class="p-button p-component wt-button typo-button wt-button--' +
      (opts.color || 'primary') +
      ' ' +
      (opts.cls || '') +
      '"' +
      (opts.disabled ? ' disabled' : '') +
      (opts.attrs || '') +
      '>' +
      '<span class="wt-button__contents p-button-label">' +
      esc(text) +
      '</span></button>'
    );
  }

  /**
   * wt-notifications-bar → wt-toast: a PrimeVue Toast teleported to body, top right, 4 s
   * (SDK wt-notifications-bar.vue, wt-toast.vue). Each message is role="alert".
   */
  function toast(text, kind) {
    var severity = { error: 'error', success: 'success', info: 'info', warning: 'warn' }[kind || 'info'] || 'info';
    var box = document.querySelector('.p-toast');
    if (!box) {
      box = document.createElement('div');
      box.className = 'p-toast p-component p-toast-top-right';
      box.setAttribute('data-pc-name', 'toast');
      document.body.appendChild(box);
    }
    var n = document.createElement('div');
    n.className = 'p-toast-message p-toast-message-' + severity;
    n.setAttribute('role', 'alert');
    n.setAttribute('aria-live', 'assertive');
    n.setAttribute('aria-atomic', 'true');
    n.innerHTML =
      '<div class="p-toast-message-content"><span class="p-toast-message-icon" aria-hidden="true"></span><div class="p-toast-message-text"><span class="p-toast-summary"></span><div class="p-toast-detail">' +
      esc(text) +
      '</div></div>' +
      '<button type="button" class="p-toast-close-button" aria-label="Close">×</button></div>';
    n.querySelector('.p-toast-close-button').addEventListener('click', function () {
      n.remove();
    });
    box.appendChild(n);
    setTimeout(function () {
      n.classList.add('p-toast-message-leave');
    }, 3600);
    setTimeout(function () {
      n.remove();
    }, 4000);
  }

  /**
   * A field's validation text: wt-input-text → wt-message → PrimeVue Message (role="alert"),
   * shown from mount on, because the login forms call $touch() when they appear.
   */
  function fieldMessage(text) {
    return text
      ? '<div class="p-message p-component p-message-error p-message-simple p-message-sm wt-message" role="alert" aria-live="assertive" aria-atomic="true" data-pc-name="message"><div class="p-message-content"><div class="p-message-text">' +
          esc(text) +
          '</div></div></div>'
      : '';
  }

  /** The header's account menu (SDK wt-header-actions.vue): an icon button, then the user's name and "Logout". */
  function headerActions(user) {
    return (
      '<div class="wt-header-actions"><button type="button" class="wt-icon-btn wt-header-actions__btn" title="Account"><span class="wt-avatar wt-avatar--initials wt-avatar__letters-text">' +
      esc(initials(user.name)) +
      '</span></button>' +
      '<section class="wt-header-actions__panel-wrapper" hidden><header class="wt-header-actions__header"><h3 class="wt-header-actions__name">' +
      esc(user.name) +
      '</h3><p class="wt-header-actions__account">' +
      esc(user.preferredUsername || '') +
      '</p></header>' +
      '<ul class="wt-header-actions__actions-wrapper"><li class="wt-header-actions__action"><a class="wt-header-actions__action__link">Settings</a></li>' +
      '<li class="wt-header-actions__action wt-header-actions__action--logout"><a class="wt-header-actions__action__link"><span>Logout</span></a></li></ul></section></div>'
    );
  }

  function wireHeaderActions(root) {
    var btn = root.querySelector('.wt-header-actions__btn');
    var panel = root.querySelector('.wt-header-actions__panel-wrapper');
    if (!btn || !panel) return;
    btn.addEventListener('click', function (e) {
      e.stopPropagation();
      panel.hidden = !panel.hidden;
    });
    document.addEventListener('click', function (e) {
      if (!panel.contains(e.target)) panel.hidden = true;
    });
    panel.querySelector('.wt-header-actions__action--logout a').addEventListener('click', function (e) {
      e.preventDefault();
      logout();
    });
  }

  /** Logout: the session ends on the server, the stored token goes, the login app opens. */
  function logout() {
    var t = localStorage.getItem(TOKEN_KEY) || '';
    return fetch('/api/logout', { method: 'POST', headers: { 'X-Webitel-Access': t } })
      .catch(function () {})
      .then(function () {
        localStorage.removeItem(TOKEN_KEY);
        location.assign('/app/auth');
      });
  }

  function initials(name) {
    var parts = String(name || '?')
      .trim()
      .split(/\s+/);
    return ((parts[0] || '?')[0] + (parts.length > 1 ? parts[parts.length - 1][0] : '')).toUpperCase();
  }

  var LOGO =
    '<svg class="wt-logo" viewBox="0 0 32 32" aria-hidden="true"><rect width="32" height="32" rx="8" fill="#1f6fe5"/><path d="M7 10l4 12 5-9 5 9 4-12" fill="none" stroke="#fff" stroke-width="3" stroke-linejoin="round" stroke-linecap="round"/></svg>';

  window.WT = {
    esc: esc,
    boot: boot,
    token: token,
    toLogin: toLogin,
    api: api,
    switcher: switcher,
    setSwitch: setSwitch,
    setLoading: setLoading,
    button: button,
    toast: toast,
    fieldMessage: fieldMessage,
    headerActions: headerActions,
    wireHeaderActions: wireHeaderActions,
    logout: logout,
    initials: initials,
    LOGO: LOGO,
  };
})();
