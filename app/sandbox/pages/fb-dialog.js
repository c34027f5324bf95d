// Facebook Login for Business (2026): account, continue as, Pages opt-in, access review, connected.
(function () {
  'use strict';
  var d = JSON.parse(document.getElementById('boot').textContent);
  var root = document.getElementById('dialog-root');

  function esc(s) {
    return String(s == null ? '' : s).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }

  var app = esc(d.appName);
  var hidden = Object.keys(d.form)
    .map(function (k) {
      return '<input type="hidden" name="' + k + '" value="' + esc(d.form[k]) + '">';
    })
    .join('');
  var head =
    '<div class="fb-dialog__apps"><img class="fb-dialog__app" src="' +
    d.appIcon +
    '" alt=""><span class="fb-dialog__plus">+</span><img class="fb-dialog__user" src="' +
    esc(d.user.picture) +
    '" alt=""></div>';
  var prev = d.previous;
  var optIn = prev ? prev.optIn : 'all';
  var picked = prev && prev.optIn === 'current' ? prev.pageIds : [];

  function screen(n, title, inner, hide) {
    return (
      '<section class="fb-card fb-dialog" role="dialog" aria-labelledby="h-' +
      n +
      '" data-screen="' +
      n +
      '"' +
      (hide ? ' hidden' : '') +
      '>' +
      head +
      '<h2 id="h-' +
      n +
      '" class="fb-card-heading">' +
      title +
      '</h2>' +
      inner +
      '</section>'
    );
  }

  var first = d.accountSwitch ? 0 : 1;
  var html = '<form class="fb-dialog-form" method="post" action="' + esc(d.action) + '">' + hidden;

  // 0. which account (shown sometimes, e.g. when the browser knows more than one)
  if (d.accountSwitch) {
    html += screen(
      0,
      'Log in to ' + app + ' with Facebook',
      '<div class="fb-account"><img src="' +
        esc(d.user.picture) +
        '" alt=""><span class="fb-choice__name">' +
        esc(d.user.name) +
        '</span></div>' +
        '<div class="fb-actions fb-actions--stack"><button type="button" class="fb-btn fb-btn-primary fb-btn-wide" data-next="1">Continue</button>' +
        '<button type="button" class="fb-btn fb-btn-flat fb-btn-wide" data-switch-account>Use another account</button></div>',
      false,
    );
  }

  // 1. continue as (returning: the previous grant, or edit it)
  html += screen(
    1,
    'Continue as ' + esc(d.user.name) + '?',
    (prev
      ? '<p class="fb-muted">You previously connected ' +
        app +
        ' to Facebook. You can continue with the Pages and permissions you chose then, or change them.</p>' +
        '<div class="fb-actions fb-actions--stack"><button type="submit" name="previous" value="1" class="fb-btn fb-btn-primary fb-btn-wide">Continue with previous settings</button>' +
        '<button type="submit" name="cancel" value="1" class="fb-btn fb-btn-flat fb-btn-wide">Cancel</button></div>' +
        '<a href="#" class="fb-link fb-edit-settings" data-next="2">Edit settings</a>'
      : '<p class="fb-muted">' +
        app +
        ' is requesting access to the Pages you manage and to ' +
        d.permissions.length +
        ' permissions. You choose what you share on the next screens.</p>' +
        '<div class="fb-actions fb-actions--stack"><button type="button" class="fb-btn fb-btn-primary fb-btn-wide" data-next="2">Continue as ' +
        esc(d.user.firstName) +
        '</button>' +
        '<button type="submit" name="cancel" value="1" class="fb-btn fb-btn-flat fb-btn-wide">Cancel</button></div>') +
      '<p class="fb-fineprint">By continuing, ' +
      app +
      ' will receive ongoing access to the information that you share and Meta will record when ' +
      app +
      ' accesses it.</p>',
    first !== 1,
  );

  // 2. Pages: opt in to all (current and future) or to chosen current Pages
  var radio = function (value, label, sub) {
    return (
      '<label><input type="radio" name="page_opt_in" value="' +
      value +
      '" aria-label="' +
      label +
      '"' +
      (optIn === value ? ' checked' : '') +
      '>' +
      '<span class="fb-optin__text"><b>' +
      label +
      '</b><small>' +
      sub +
      '</small></span></label>'
    );
  };
  html += screen(
    2,
    'Choose the Pages you want ' + app + ' to access',
    '<div class="fb-optin" role="radiogroup" aria-label="Pages">' +
      radio('all', 'Opt in to all current and future Pages', app + ' can access every Page you manage now and any you manage later.') +
      radio('current', 'Opt in to current Pages only', 'Choose the Pages ' + app + ' can access.') +
      '</div>' +
      '<div class="fb-choice-list" data-page-list' +
      (optIn === 'current' ? '' : ' hidden') +
      '>' +
      (d.pages.length
        ? d.pages
            .map(function (p) {
              var on = picked.indexOf(p.id) >= 0;
              return (
                '<label class="fb-choice' +
                (on ? ' fb-choice--checked' : '') +
                '"><img src="' +
                p.picture +
                '" alt=""><span class="fb-choice__name">' +
                esc(p.name) +
                '</span>' +
                '<input type="checkbox" name="page_id" value="' +
                esc(p.id) +
                '" aria-label="' +
                esc(p.name) +
                '" aria-checked="' +
                on +
                '"' +
                (on ? ' checked' : '') +
                '></label>'
              );
            })
            .join('')
        : '<p class="fb-muted">You do not manage any Pages.</p>') +
      '</div>' +
      '<div class="fb-actions"><button type="button" class="fb-btn fb-btn-grey" data-next="1">Back</button><button type="button" class="fb-btn fb-btn-primary fb-pages-continue" data-next="3">Continue</button></div>',
    true,
  );

  // 3. the access request, one switch per permission
  html += screen(
    3,
    'Review ' + app + '\u2019s access request',
    '<p class="fb-muted">' +
      app +
      ' is requesting these permissions. You can turn them off, but the app may not work as intended.</p>' +
      '<div class="fb-perm-list">' +
      d.permissions
        .map(function (p) {
          return (
            '<div class="fb-perm"><span class="fb-perm__title">' +
            esc(p.title) +
            '<span class="fb-perm__sub">' +
            esc(p.id) +
            '</span></span>' +
            '<button type="button" class="fb-switch" role="switch" aria-checked="true" aria-label="' +
            esc(p.title) +
            '" data-perm="' +
            esc(p.id) +
            '"><span></span></button></div>'
          );
        })
        .join('') +
      '</div>' +
      '<div class="fb-actions"><button type="button" class="fb-btn fb-btn-grey" data-next="2">Back</button><button type="button" class="fb-btn fb-btn-primary" data-next="4">Save</button></div>',
    true,
  );

  // 4. done
  html += screen(
    4,
    esc(d.user.name) + ' has been connected to ' + app,
    '<p class="fb-muted">You can change what you share with ' +
      app +
      ' at any time under Business Integrations in your settings.</p>' +
      '<div class="fb-actions"><button type="submit" class="fb-btn fb-btn-primary fb-btn-wide">Got it</button></div>',
    true,
  );
  html += '</form>';
  root.innerHTML = html;

  var form = root.querySelector('form');
  var list = root.querySelector('[data-page-list]');
  var cont = root.querySelector('.fb-pages-continue');
  function show(n) {
    root.querySelectorAll('[data-screen]').forEach(function (sc) {
      sc.hidden = sc.getAttribute('data-screen') !== String(n);
    });
  }
  function sync() {
    var mode = (form.querySelector('input[name="page_opt_in"]:checked') || {}).value;
    list.hidden = mode !== 'current';
    root.querySelectorAll('input[name="page_id"]').forEach(function (cb) {
      cb.setAttribute('aria-checked', String(cb.checked));
      cb.closest('.fb-choice').classList.toggle('fb-choice--checked', cb.checked);
    });
    cont.disabled = !mode || (mode === 'current' && !root.querySelector('input[name="page_id"]:checked'));
  }
  root.querySelectorAll('[data-next]').forEach(function (b) {
    b.addEventListener('click', function (e) {
      e.preventDefault();
      show(b.getAttribute('data-next'));
    });
  });
  root.querySelectorAll('input[name="page_opt_in"], input[name="page_id"]').forEach(function (x) {
    x.addEventListener('change', sync);
  });
  var other = root.querySelector('[data-switch-account]');
  if (other)
    other.addEventListener('click', function () {
      location.href = '/logout/';
    });
  root.querySelectorAll('.fb-switch').forEach(function (sw) {
    sw.addEventListener('click', function () {
      sw.setAttribute('aria-checked', sw.getAttribute('aria-checked') === 'true' ? 'false' : 'true');
      var on = Array.prototype.filter.call(root.querySelectorAll('.fb-switch'), function (x) {
        return x.getAttribute('aria-checked') === 'true';
      });
      form.querySelector('input[name="scope"]').value = on
        .map(function (x) {
          return x.getAttribute('data-perm');
        })
        .join(',');
    });
  });
  sync();
})();
