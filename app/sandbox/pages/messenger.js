// Messenger on facebook.com: the conversation with a Page, its composer and live replies.
(function () {
  'use strict';
  var d = JSON.parse(document.getElementById('boot').textContent);
  var app = document.getElementById('app');
  var api = d.api;
  var q = '?page=' + encodeURIComponent(d.page.id);
  var messages = d.messages.slice();

  function esc(s) {
    return String(s == null ? '' : s).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }

  var ICONS = {
    phone:
      '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M6.6 10.8a15.1 15.1 0 006.6 6.6l2.2-2.2a1 1 0 011-.25 11.4 11.4 0 003.6.57 1 1 0 011 1V20a1 1 0 01-1 1A17 17 0 013 4a1 1 0 011-1h3.5a1 1 0 011 1c0 1.25.2 2.45.57 3.57a1 1 0 01-.25 1z" fill="currentColor"/></svg>',
    video:
      '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M17 10.5V7a1 1 0 00-1-1H4a1 1 0 00-1 1v10a1 1 0 001 1h12a1 1 0 001-1v-3.5l4 4v-11z" fill="currentColor"/></svg>',
    info: '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M12 2a10 10 0 100 20 10 10 0 000-20zm1 15h-2v-6h2zm0-8h-2V7h2z" fill="currentColor"/></svg>',
    plus: '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M12 2a10 10 0 100 20 10 10 0 000-20zm5 11h-4v4h-2v-4H7v-2h4V7h2v4h4z" fill="currentColor"/></svg>',
    image:
      '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M19 3H5a2 2 0 00-2 2v14a2 2 0 002 2h14a2 2 0 002-2V5a2 2 0 00-2-2zM8.5 8a1.5 1.5 0 110 3 1.5 1.5 0 010-3zM5 19l4-5 3 3.5 3-4.5 4 6z" fill="currentColor"/></svg>',
    like: '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M2 21h4V9H2zm20-11a2 2 0 00-2-2h-6.3l1-4.6v-.3a1.5 1.5 0 00-.5-1.1L13.2 1 6.6 7.6A2 2 0 006 9v10a2 2 0 002 2h9a2 2 0 001.8-1.2l3-7.1a2 2 0 00.2-.7z" fill="currentColor"/></svg>',
    send: '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M3 20.5l18-8.5L3 3.5v6.6l12 1.9-12 1.9z" fill="currentColor"/></svg>',
  };

  app.innerHTML =
    '<aside class="ms-sidebar" role="navigation" aria-label="Chats"><div class="ms-sidebar__head"><h2>Chats</h2></div><div class="ms-search">Search Messenger</div>' +
    '<div class="ms-conv ms-conv--active"><img src="' +
    d.page.picture +
    '" alt=""><div><div class="ms-conv__name">' +
    esc(d.page.name) +
    '</div><div class="ms-conv__last"></div></div></div></aside>' +
    '<main class="ms-thread" role="main">' +
    '<header class="ms-thread__header"><img class="ms-avatar" src="' +
    d.page.picture +
    '" alt=""><div class="ms-thread__who"><h1>' +
    esc(d.page.name) +
    '</h1><span>Typically replies instantly</span></div>' +
    '<div class="ms-thread__icons">' +
    ICONS.phone +
    ICONS.video +
    ICONS.info +
    '</div></header>' +
    '<div class="ms-messages" role="grid" aria-label="Messages in conversation with ' +
    esc(d.page.name) +
    '">' +
    '<div class="ms-intro"><img src="' +
    d.page.picture +
    '" alt=""><h2>' +
    esc(d.page.name) +
    '</h2><p>Facebook Page · Typically replies instantly</p></div>' +
    '<div class="ms-list"></div></div>' +
    '<footer class="ms-composer"><div class="ms-composer__icons">' +
    ICONS.plus +
    ICONS.image +
    '</div>' +
    '<div class="ms-input-wrap"><div class="ms-input" contenteditable="true" role="textbox" aria-label="Message" aria-multiline="true" spellcheck="true" data-placeholder="Aa"></div></div>' +
    '<div role="button" tabindex="0" class="ms-send" aria-label="Press enter to send">' +
    ICONS.send +
    '</div></footer>' +
    '</main>';

  var list = app.querySelector('.ms-list');
  var scroller = app.querySelector('.ms-messages');
  var input = app.querySelector('.ms-input');

  function render() {
    list.innerHTML = messages
      .map(function (m, i) {
        var out = m.from === 'customer';
        var next = messages[i + 1];
        var showAvatar = !out && (!next || next.from !== m.from);
        return (
          '<div role="row" class="ms-row ' +
          (out ? 'ms-row--out' : 'ms-row--in') +
          '" data-id="' +
          m.id +
          '"><div role="gridcell" class="ms-cell">' +
          (out ? '' : '<span class="ms-row__avatar">' + (showAvatar ? '<img src="' + d.page.picture + '" alt="">' : '') + '</span>') +
          '<div class="ms-bubble"><div dir="auto">' +
          esc(m.text) +
          '</div></div></div></div>'
        );
      })
      .join('');
    var last = messages[messages.length - 1];
    app.querySelector('.ms-conv__last').textContent = last ? (last.from === 'customer' ? 'You: ' : '') + last.text : '';
    scroller.scrollTop = scroller.scrollHeight;
  }

  function add(m) {
    if (
      messages.some(function (x) {
        return x.id === m.id;
      })
    )
      return;
    messages.push(m);
    messages.sort(function (a, b) {
      return a.id - b.id;
    });
    render();
  }

  function send() {
    var text = input.innerText.replace(/\u00a0/g, ' ').trim();
    if (!text) return;
    input.textContent = '';
    fetch(api + 'send' + q, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ text: text }) })
      .then(function (r) {
        return r.json();
      })
      .then(function (m) {
        if (m && m.id) add(m);
      });
  }

  input.addEventListener('keydown', function (e) {
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      send();
    }
  });
  app.querySelector('.ms-send').addEventListener('click', send);

  var es = new EventSource(api + 'events' + q);
  es.onmessage = function (e) {
    add(JSON.parse(e.data));
  };
  // After a reconnect, pick up what arrived while the stream was down.
  es.onopen = function () {
    fetch(api + 'thread' + q)
      .then(function (r) {
        return r.json();
      })
      .then(function (list) {
        if (Array.isArray(list)) list.forEach(add);
      });
  };
  render();
  input.focus();

  /**
   * Messenger's chat-history PIN dialog (field reports, 2026): after a login on a new browser it
   * asks for the PIN of the encrypted chat history, over the whole app; some accounts may close
   * it, others must enter the PIN (the sandbox takes any six digits).
   */
  if (d.pin && !sessionStorage.getItem('ms-pin-done')) {
    setTimeout(function () {
      var dlg = document.createElement('div');
      dlg.className = 'ms-pin';
      dlg.setAttribute('role', 'dialog');
      dlg.setAttribute('aria-modal', 'true');
      dlg.setAttribute('aria-labelledby', 'ms-pin-title');
      dlg.innerHTML =
        '<div class="ms-pin__card">' +
        (d.pin === 'closable' ? '<div class="ms-pin__close" role="button" tabindex="0" aria-label="Close">&times;</div>' : '') +
        '<h2 id="ms-pin-title">Enter your PIN to restore your chat history</h2>' +
        '<p>Your chats are end-to-end encrypted. Enter your 6-digit PIN to see your chat history on this device.</p>' +
        '<input class="ms-pin__input" inputmode="numeric" maxlength="6" aria-label="PIN" autocomplete="off">' +
        '<a href="#" class="ms-pin__forgot">Forgot PIN?</a></div>';
      document.body.appendChild(dlg);
      var done = function () {
        sessionStorage.setItem('ms-pin-done', '1');
        dlg.remove();
        input.focus();
      };
      var pin = dlg.querySelector('.ms-pin__input');
      pin.focus();
      pin.addEventListener('input', function () {
        if (/^[0-9]{6}$/.test(pin.value)) setTimeout(done, 400);
      });
      var close = dlg.querySelector('.ms-pin__close');
      if (close) close.addEventListener('click', done);
    }, 700);
  }
})();
