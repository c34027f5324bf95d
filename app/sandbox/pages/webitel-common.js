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

  /** PrimeVue ToggleSwitch inside a wt-switcher, as Webitel renders it. */
  function switcher(opts) {
    var on = !!opts.checked;
    return (
      '<div class="wt-switcher ' + (opts.cls || '') + '"' + (opts.attrs || '') + '>' +
      '<div class="p-toggleswitch p-component' + (on ? ' p-toggleswitch-checked' : '') + '" data-pc-name="toggleswitch" data-p-checked="' + on + '" data-p-disabled="false">' +
      '<input type="checkbox" role="switch" class="p-toggleswitch-input" aria-checked="' + on + '"' + (on ? ' checked' : '') + '>' +
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

  function setLoading(btn, loading) {
    btn.classList.toggle('p-button--loading', !!loading);
    btn.disabled = !!loading || btn.getAttribute('data-invalid') === 'true';
  }

  function button(text, opts) {
    opts = opts || {};
    return '<button type="' + (opts.type || 'button') + '" class="p-button p-component wt-button wt-button--' + (opts.color || 'primary') + ' ' + (opts.cls || '') + '"' + (opts.disabled ? ' disabled' : '') + (opts.attrs || '') + '>' +
      '<span class="wt-button__loader" aria-hidden="true"></span><span class="p-button-label">' + esc(text) + '</span></button>';
  }

  function toast(text, kind) {
    var box = document.querySelector('.wt-notifications');
    if (!box) {
      box = document.createElement('div');
      box.className = 'wt-notifications';
      document.body.appendChild(box);
    }
    var n = document.createElement('div');
    n.className = 'wt-notification wt-notification--' + (kind || 'info');
    n.textContent = text;
    box.appendChild(n);
    setTimeout(function () { n.classList.add('wt-notification--hide'); }, 3500);
    setTimeout(function () { n.remove(); }, 4000);
  }

  function initials(name) {
    var parts = String(name || '?').trim().split(/\s+/);
    return ((parts[0] || '?')[0] + (parts.length > 1 ? parts[parts.length - 1][0] : '')).toUpperCase();
  }

  var LOGO = '<svg class="wt-logo" viewBox="0 0 32 32" aria-hidden="true"><rect width="32" height="32" rx="8" fill="#1f6fe5"/><path d="M7 10l4 12 5-9 5 9 4-12" fill="none" stroke="#fff" stroke-width="3" stroke-linejoin="round" stroke-linecap="round"/></svg>';

  window.WT = { esc: esc, boot: boot, token: token, toLogin: toLogin, api: api, switcher: switcher, setSwitch: setSwitch, setLoading: setLoading, button: button, toast: toast, initials: initials, LOGO: LOGO };
})();
