// Facebook's cookie banner: the answer is kept in a cookie for a year, then the banner goes.
(function () {
  'use strict';
  var layer = document.querySelector('[data-fb-cookie-banner]');
  if (!layer) return;
  function answer(choice) {
    document.cookie = 'fb_cookie_choice=' + choice + '; path=/; max-age=31536000; SameSite=Lax';
    layer.remove();
  }
  layer.querySelectorAll('[data-choice]').forEach(function (b) {
    b.addEventListener('click', function () {
      answer(b.getAttribute('data-choice'));
    });
    b.addEventListener('keydown', function (e) {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        answer(b.getAttribute('data-choice'));
      }
    });
  });
})();
