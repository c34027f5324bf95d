// Facebook OAuth consent dialog: continue as, choose Pages, review permissions, connected.
(function () {
  'use strict';
  var d = JSON.parse(document.getElementById('boot').textContent);
  var root = document.getElementById('dialog-root');

  function esc(s) {
    return String(s == null ? '' : s).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }

  var hidden = Object.keys(d.form).map(function (k) {
    return '<input type="hidden" name="' + k + '" value="' + esc(d.form[k]) + '">';
  }).join('');

  var head = '<div class="fb-dialog__apps"><img class="fb-dialog__app" src="' + d.appIcon + '" alt=""><span class="fb-dialog__plus">+</span><img class="fb-dialog__user" src="' + esc(d.user.picture) + '" alt=""></div>';

  root.innerHTML =
    '<form class="fb-dialog-form" method="post" action="' + esc(d.action) + '">' + hidden +
    // 1. who
    '<section class="fb-card fb-dialog" role="dialog" aria-labelledby="h-1" data-screen="1">' + head +
    '<h2 id="h-1" class="fb-card-heading">' + (d.reconnect ? 'Reconnect to ' + esc(d.appName) + '?' : esc(d.user.name) + ', ' + esc(d.appName) + ' is requesting access') + '</h2>' +
    '<p class="fb-muted">' + esc(d.appName) + ' is requesting access to the Pages you manage and to ' + d.permissions.length + ' permissions. You can choose what you share on the next screens.</p>' +
    '<div class="fb-actions fb-actions--stack"><button type="button" class="fb-btn fb-btn-primary fb-btn-wide" data-next="2">Continue as ' + esc(d.user.firstName) + '</button>' +
    '<button type="submit" name="cancel" value="1" class="fb-btn fb-btn-flat fb-btn-wide">Cancel</button></div>' +
    '<p class="fb-fineprint">By continuing, ' + esc(d.appName) + ' will receive ongoing access to the information that you share and Meta will record when ' + esc(d.appName) + ' accesses it.</p></section>' +
    // 2. Pages
    '<section class="fb-card fb-dialog" role="dialog" aria-labelledby="h-2" data-screen="2" hidden>' + head +
    '<h2 id="h-2" class="fb-card-heading">Choose the Pages you want ' + esc(d.appName) + ' to access</h2>' +
    '<div class="fb-choice-list">' + (d.pages.length ? d.pages.map(function (p) {
      return '<label class="fb-choice"><img src="' + p.picture + '" alt=""><span class="fb-choice__name">' + esc(p.name) + '</span>' +
        '<input type="checkbox" name="page_id" value="' + esc(p.id) + '" aria-label="' + esc(p.name) + '"></label>';
    }).join('') : '<p class="fb-muted">You do not manage any Pages.</p>') + '</div>' +
    '<div class="fb-actions"><button type="button" class="fb-btn fb-btn-grey" data-next="1">Back</button><button type="button" class="fb-btn fb-btn-primary fb-pages-continue" data-next="3" disabled>Continue</button></div></section>' +
    // 3. permissions
    '<section class="fb-card fb-dialog" role="dialog" aria-labelledby="h-3" data-screen="3" hidden>' + head +
    '<h2 id="h-3" class="fb-card-heading">Review what ' + esc(d.appName) + ' is allowed to do</h2>' +
    '<p class="fb-muted">The app needs these permissions to work. Turning them off may stop it from working.</p>' +
    '<div class="fb-perm-list">' + d.permissions.map(function (p) {
      return '<div class="fb-perm"><span class="fb-perm__title">' + esc(p.title) + '</span>' +
        '<button type="button" class="fb-switch" role="switch" aria-checked="true" aria-label="' + esc(p.title) + '" data-perm="' + esc(p.id) + '"><span></span></button></div>';
    }).join('') + '</div>' +
    '<div class="fb-actions"><button type="button" class="fb-btn fb-btn-grey" data-next="2">Back</button><button type="button" class="fb-btn fb-btn-primary" data-next="4">Save</button></div></section>' +
    // 4. done
    '<section class="fb-card fb-dialog" role="dialog" aria-labelledby="h-4" data-screen="4" hidden>' + head +
    '<h2 id="h-4" class="fb-card-heading">' + esc(d.appName) + ' has been connected to Facebook</h2>' +
    '<p class="fb-muted">You can change what you share with ' + esc(d.appName) + ' at any time in your Business Integrations settings.</p>' +
    '<div class="fb-actions"><button type="submit" class="fb-btn fb-btn-primary fb-btn-wide">Got it</button></div></section>' +
    '</form>';

  var form = root.querySelector('form');
  function show(n) {
    root.querySelectorAll('[data-screen]').forEach(function (sc) { sc.hidden = sc.getAttribute('data-screen') !== String(n); });
  }
  root.querySelectorAll('[data-next]').forEach(function (b) {
    b.addEventListener('click', function () { show(b.getAttribute('data-next')); });
  });
  var cont = root.querySelector('.fb-pages-continue');
  root.querySelectorAll('input[name="page_id"]').forEach(function (cb) {
    cb.addEventListener('change', function () {
      cont.disabled = !root.querySelector('input[name="page_id"]:checked');
      cb.closest('.fb-choice').classList.toggle('fb-choice--checked', cb.checked);
    });
  });
  root.querySelectorAll('.fb-switch').forEach(function (sw) {
    sw.addEventListener('click', function () {
      sw.setAttribute('aria-checked', sw.getAttribute('aria-checked') === 'true' ? 'false' : 'true');
      var on = Array.prototype.filter.call(root.querySelectorAll('.fb-switch'), function (x) { return x.getAttribute('aria-checked') === 'true'; });
      form.querySelector('input[name="scope"]').value = on.map(function (x) { return x.getAttribute('data-perm'); }).join(',');
    });
  });
})();
