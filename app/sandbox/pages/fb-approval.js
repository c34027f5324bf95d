// Facebook's "Check your notifications on another device": asks the server every second whether the login was approved there, then goes on.
(function () {
  'use strict';
  var box = document.querySelector('[data-approval-wait]');
  if (!box) return;
  function ask() {
    fetch(location.pathname + 'status/', { credentials: 'same-origin', cache: 'no-store' })
      .then(function (r) {
        return r.json();
      })
      .then(function (s) {
        if (s.approved) return location.reload();
        if (s.waiting) setTimeout(ask, 1000);
      })
      .catch(function () {
        setTimeout(ask, 2000);
      });
  }
  setTimeout(ask, 1000);
})();
