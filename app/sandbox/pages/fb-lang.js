// Facebook's pages in another language than English: translates the words the sandbox's Facebook pages draw, as they are drawn.
(function () {
  'use strict';
  // The sandbox's own renderings, enough that nothing English is left to find by name; not
  // Facebook's wording, which differs by release and is not public.
  var WORDS = {
    uk: {
      Continue: 'Продовжити',
      Save: 'Зберегти',
      'Got it': 'Зрозуміло',
      'Edit settings': 'Змінити налаштування',
      'Continue with previous settings': 'Продовжити з попередніми налаштуваннями',
      'Opt in to all current and future Pages': 'Дозволити всі поточні й майбутні Сторінки',
      'Opt in to current Pages only': 'Дозволити лише поточні Сторінки',
      'Allow all cookies': 'Дозволити всі файли cookie',
      'Decline optional cookies': 'Відхилити необов’язкові файли cookie',
      'Allow the use of cookies from Facebook on this browser?': 'Дозволити використання файлів cookie від Facebook у цьому браузері?',
      'Log in': 'Увійти',
      'Email address or phone number': 'Електронна адреса або номер телефону',
      Password: 'Пароль',
      'Forgotten password?': 'Забули пароль?',
      'Create new account': 'Створити новий обліковий запис',
      'Log in to continue to Messenger': 'Увійдіть, щоб перейти до Messenger',
      'Login code': 'Код входу',
      'Enter the code from your authentication app': 'Введіть код із програми автентифікації',
      'Facebook Login for Business': 'Вхід через Facebook для бізнесу',
      'Use another account': 'Використати інший обліковий запис',
      Cancel: 'Скасувати',
      Close: 'Закрити',
      'Not now': 'Не зараз',
      Message: 'Повідомлення',
      'Press enter to send': 'Натисніть Enter, щоб надіслати',
      Send: 'Надіслати',
      Chats: 'Чати',
      'Search Messenger': 'Пошук у Messenger',
      'Log out': 'Вийти',
    },
  };
  var PATTERNS = {
    uk: [
      [/^Continue as (.+?)(\??)$/, 'Продовжити як $1$2'],
      [/^Log in to (.+) with Facebook$/, 'Увійти в $1 через Facebook'],
      [/^Choose the Pages you want (.+) to access$/, 'Виберіть Сторінки, до яких матиме доступ $1'],
      [/^Review (.+)\u2019s access request$/, 'Перегляньте запит $1 на доступ'],
      [/^(.+) has been connected to (.+)$/, '$1 під’єднано до $2'],
      [/^Messages in conversation with (.+)$/, 'Повідомлення в розмові з $1'],
    ],
  };
  var words = WORDS[document.documentElement.lang];
  if (!words) return;
  var patterns = PATTERNS[document.documentElement.lang] || [];
  var ATTRS = ['aria-label', 'placeholder', 'data-placeholder', 'title'];

  function translate(s) {
    var t = s.trim();
    if (!t) return s;
    if (Object.prototype.hasOwnProperty.call(words, t)) return s.replace(t, words[t]);
    for (var i = 0; i < patterns.length; i++) if (patterns[i][0].test(t)) return s.replace(t, t.replace(patterns[i][0], patterns[i][1]));
    return s;
  }

  function walk(root) {
    if (root.nodeType === 3) {
      root.nodeValue = translate(root.nodeValue);
      return;
    }
    if (root.nodeType !== 1) return;
    // What people type stays as typed.
    if (root.isContentEditable || root.tagName === 'INPUT' || root.tagName === 'TEXTAREA') return translateAttrs(root);
    translateAttrs(root);
    var it = document.createTreeWalker(root, 5);
    for (var n = it.nextNode(); n; n = it.nextNode()) {
      if (n.nodeType === 1) translateAttrs(n);
      else if (!(n.parentNode && n.parentNode.isContentEditable)) n.nodeValue = translate(n.nodeValue);
    }
  }

  function translateAttrs(el) {
    ATTRS.forEach(function (a) {
      var v = el.getAttribute(a);
      if (v) el.setAttribute(a, translate(v));
    });
  }

  document.title = translate(document.title);
  walk(document.body);
  new MutationObserver(function (changes) {
    changes.forEach(function (c) {
      c.addedNodes.forEach(walk);
    });
  }).observe(document.body, { childList: true, subtree: true });
})();
