// Agent Workspace stand-in per release: welcome popup, then the agent session and the header's Call Center switch, queue, chat.
(function () {
  'use strict';
  var WT = window.WT;
  if (!WT.token()) return WT.toLogin();
  var cfg = WT.boot();
  var app = document.getElementById('app');
  // 26.08 (cc-workspaces main): the SDK's wt-cc-agent-status-select draws the switch with its own
  // class and asks for an activity type; 26.04 and 26.06 draw a plain wt-switcher in app-header.vue.
  var NEXT = cfg.release === '26.08';

  var ICON = {
    call: '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M6.6 10.8a15.1 15.1 0 006.6 6.6l2.2-2.2a1 1 0 011-.25 11.4 11.4 0 003.6.57 1 1 0 011 1V20a1 1 0 01-1 1A17 17 0 013 4a1 1 0 011-1h3.5a1 1 0 011 1c0 1.25.2 2.45.57 3.57a1 1 0 01-.25 1z" fill="currentColor"/></svg>',
    chat: '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M4 4h16a2 2 0 012 2v10a2 2 0 01-2 2H8l-4 4V6a2 2 0 012-2zm3 5v2h10V9zm0 4v2h7v-2z" fill="currentColor"/></svg>',
    job: '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M10 3h4a2 2 0 012 2v1h4a1 1 0 011 1v11a2 2 0 01-2 2H5a2 2 0 01-2-2V7a1 1 0 011-1h4V5a2 2 0 012-2zm0 3h4V5h-4zm-5 5v7h14v-7z" fill="currentColor"/></svg>',
    messenger:
      '<svg class="messenger-icon" viewBox="0 0 36 36" aria-hidden="true"><defs><linearGradient id="wsm" x1="0" y1="1" x2="1" y2="0"><stop offset="0" stop-color="#0866ff"/><stop offset=".6" stop-color="#a033ff"/><stop offset="1" stop-color="#ff5c87"/></linearGradient></defs><path fill="url(#wsm)" d="M18 2C9 2 2 8.6 2 17.2c0 4.5 1.9 8.4 4.9 11.1v5.3l5-2.8c1.9.5 3.9.8 6.1.8 9 0 16-6.6 16-15.2S27 2 18 2z"/><path fill="#fff" d="M8.5 22.3l5.3-8.4 4.2 3.2 5.5-3.2-5.3 8.4-4.2-3.2z"/></svg>',
    send: '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M3 20.5l18-8.5L3 3.5v6.6l12 1.9-12 1.9z" fill="currentColor"/></svg>',
    chevron: '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M7 10l5 5 5-5z" fill="currentColor"/></svg>',
    mic: '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M12 14a3 3 0 003-3V5a3 3 0 10-6 0v6a3 3 0 003 3zm5-3a5 5 0 01-10 0H5a7 7 0 006 6.9V21h2v-3.1A7 7 0 0019 11z" fill="currentColor"/></svg>',
    cam: '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M17 10.5V7a1 1 0 00-1-1H4a1 1 0 00-1 1v10a1 1 0 001 1h12a1 1 0 001-1v-3.5l4 4v-11z" fill="currentColor"/></svg>',
    bell: '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M12 22a2 2 0 002-2h-4a2 2 0 002 2zm6-6V11a6 6 0 00-5-5.9V4a1 1 0 00-2 0v1.1A6 6 0 006 11v5l-2 2v1h16v-1z" fill="currentColor"/></svg>',
  };

  var s = {
    user: null,
    agent: null,
    chats: [],
    selected: null,
    tab: 'call',
    unseen: {},
    pending: false,
    panels: { active: true, self: false, closed: false },
  };
  var seq = 0;

  /** A request over the live connection, opening it first when it is not up (getCliInstance does the same). */
  function rpc(action, data) {
    return (link.up ? Promise.resolve() : open()).then(function () {
      return request(action, data);
    });
  }

  function chatById(id) {
    for (var i = 0; i < s.chats.length; i++) if (s.chats[i].id === id) return s.chats[i];
    return null;
  }

  function pad(n) {
    return (n < 10 ? '0' : '') + n;
  }
  function duration(ms) {
    var t = Math.max(0, Math.floor(ms / 1000));
    return pad(Math.floor(t / 3600)) + ':' + pad(Math.floor((t % 3600) / 60)) + ':' + pad(t % 60);
  }
  function clock(at) {
    var d = new Date(at);
    return pad(d.getHours()) + ':' + pad(d.getMinutes());
  }

  // ---------- layout ----------
  function layout() {
    var u = s.user;
    app.innerHTML =
      '<div class="ws">' +
      '<header class="ws-header">' +
      '<div class="ws-header__brand">' +
      WT.LOGO +
      '<span>Workspace</span></div>' +
      '<div class="ws-header__spacer"></div>' +
      '<div class="ws-header__controls">' +
      '<span class="wt-chip">SIP</span>' +
      WT.switcher({ label: 'DnD', cls: 'wt-dnd-switcher user-dnd-switcher', checked: s.dnd }) +
      // The agent controls appear once the agent session has loaded (isAgent), after the welcome "Ok".
      '<div class="ws-agent-controls"></div>' +
      WT.headerActions(u) +
      '</div></header>' +
      '<div class="ws-main">' +
      '<section class="queue-section"><div class="queue-section__tabs">' +
      '<button type="button" class="wt-tab" data-tab="call">' +
      ICON.call +
      '</button>' +
      '<button type="button" class="wt-tab" data-tab="chat">' +
      ICON.chat +
      '<span class="wt-badge queue-section__badge" hidden></span></button>' +
      '<button type="button" class="wt-tab" data-tab="job">' +
      ICON.job +
      '</button>' +
      '</div><div class="queue-section__content"></div></section>' +
      '<section class="ws-center"></section>' +
      '<aside class="ws-side"></aside>' +
      '</div></div>';

    app.querySelectorAll('.queue-section__tabs .wt-tab').forEach(function (b) {
      b.addEventListener('click', function () {
        s.tab = b.getAttribute('data-tab');
        if (s.tab === 'chat') s.unseen = {};
        renderQueue();
      });
    });
    var dnd = app.querySelector('.wt-dnd-switcher');
    dnd.querySelector('input').addEventListener('click', function (e) {
      e.preventDefault();
      rpc('user_dnd', { value: !s.dnd }).then(function (r) {
        s.dnd = r.dnd;
        WT.setSwitch(dnd, s.dnd);
      });
    });
    WT.wireHeaderActions(app);
    renderQueue();
    renderCenter();
  }

  function statusSelect() {
    return (
      '<div class="wt-status-select-wrap wt-cc-agent-status-select__status-select"><button type="button" class="wt-status-select"><span class="wt-indicator"></span><span class="wt-status-select__text">Offline</span><span class="wt-status-select__time">00:00:00</span>' +
      ICON.chevron +
      '</button>' +
      '<ul class="wt-status-select__menu" hidden><li data-status="online"><span class="wt-indicator wt-indicator--online"></span>Online</li><li data-status="pause"><span class="wt-indicator wt-indicator--pause"></span>Pause</li><li data-status="offline"><span class="wt-indicator wt-indicator--offline"></span>Offline</li></ul></div>'
    );
  }

  /** The switch and status select, for an agent only (app-header.vue `v-if="isAgent"`: the agent session's answer). */
  function renderAgentControls() {
    if (!s.agent) return;
    var box = app.querySelector('.ws-agent-controls');
    box.innerHTML = NEXT
      ? '<article class="wt-cc-agent-status-select">' +
        WT.switcher({ label: 'Call Center', cls: 'wt-cc-agent-status-select__call-center-switcher', checked: false }) +
        statusSelect() +
        '</article>'
      : WT.switcher({ label: 'Call Center', checked: false }) + '<div class="agent-status-select">' + statusSelect() + '</div>';
    wireAgent();
  }

  // ---------- agent status ----------
  function ccSwitch() {
    return app.querySelector('.ws-agent-controls .wt-switcher');
  }

  function renderAgent() {
    if (!s.user.ccAgent || !s.agent || !ccSwitch()) return;
    var on = s.agent.status !== 'offline';
    WT.setSwitch(ccSwitch(), on);
    var label = { online: 'Online', pause: 'Pause', breakout: 'Break out', offline: 'Offline' }[s.agent.status];
    app.querySelector('.wt-status-select__text').textContent = label + (s.agent.activity && s.agent.status === 'online' ? ' · ' + s.agent.activity : '');
    var ind = app.querySelector('.wt-status-select .wt-indicator');
    ind.className = 'wt-indicator wt-indicator--' + s.agent.status;
    renderBreak();
    tick();
  }

  function tick() {
    if (!s.agent) return;
    var el = app.querySelector('.wt-status-select__time');
    if (el) el.textContent = duration(Date.now() - s.agent.since);
    var digits = document.querySelector('.break-timer-popup-timer');
    if (digits)
      digits.innerHTML = duration(Date.now() - s.agent.since)
        .split('')
        .map(function (d) {
          return '<span class="break-timer-popup-timer__digit typo-timer-digits">' + d + '</span>';
        })
        .join('');
  }

  /**
   * break-timer-popup.vue (in the header, drawn once the agent is known): opens whenever the agent
   * is in pause or break out, with the time on break and its cause; "Continue work" puts the agent
   * online (no activity type asked), "Logout" takes it offline. It closes when the status leaves them.
   */
  function renderBreak() {
    var status = s.agent && s.agent.status;
    var open = document.querySelector('.break-timer-popup');
    if (status !== 'pause' && status !== 'breakout') {
      if (open) open.remove();
      return;
    }
    if (open && open.getAttribute('data-status') === status) return;
    if (open) open.remove();
    var p = popup({
      cls: 'break-timer-popup wt-popup--size-sm',
      title: 'You are in ' + (status === 'pause' ? 'break' : 'break out') + ' mode now',
      body:
        '<div class="break-timer-popup__main-wrapper"><div class="break-timer-popup__timer-wrap"><div class="break-timer-popup-timer"></div>' +
        '<div class="break-timer-popup-pause-cause typo-subtitle-2">' +
        WT.esc(status === 'pause' ? s.agent.activity || '' : 'Break out') +
        '</div></div></div>',
      actions:
        WT.button('Continue work', { color: 'success', cls: 'break-continue p-button--wide' }) +
        WT.button('Logout', { color: 'error', cls: 'break-logout p-button--wide' }),
    });
    p.setAttribute('data-status', status);
    p.querySelector('.break-continue').addEventListener('click', function () {
      setStatus('online', null);
    });
    p.querySelector('.break-logout').addEventListener('click', function () {
      setStatus('offline');
    });
  }

  function setStatus(status, activity) {
    if (s.pending) return;
    s.pending = true;
    var sw = ccSwitch();
    sw.classList.add('wt-switcher--pending');
    var action = status === 'online' ? 'cc_agent_online' : status === 'pause' ? 'cc_agent_pause' : 'cc_agent_offline';
    rpc(action, activity ? { activity: activity } : {})
      .then(
        function (agent) {
          s.agent = agent;
          renderAgent();
        },
        function (err) {
          WT.toast(err.message, 'error');
        },
      )
      .then(function () {
        s.pending = false;
        sw.classList.remove('wt-switcher--pending');
      });
  }

  function goOnline() {
    if (!NEXT) return setStatus('online', null);
    // 26.08: the activity types come over the network first; their popup opens only for more than one.
    var sw = ccSwitch();
    sw.classList.add('wt-switcher--pending');
    rpc('online_skills').then(
      function (r) {
        sw.classList.remove('wt-switcher--pending');
        var types = r.items || [];
        if (types.length < 2) return setStatus('online', types[0] || null);
        activityPopup(['Standard Online'].concat(types.slice(1)));
      },
      function (err) {
        sw.classList.remove('wt-switcher--pending');
        WT.toast(err.message, 'error');
      },
    );
  }

  function wireAgent() {
    ccSwitch()
      .querySelector('input')
      .addEventListener('click', function (e) {
        // Controlled: the switch reflects the server, never the click itself.
        e.preventDefault();
        if (s.agent.status === 'offline') goOnline();
        else setStatus('offline');
      });
    var btn = app.querySelector('.wt-status-select');
    var menu = app.querySelector('.wt-status-select__menu');
    btn.addEventListener('click', function () {
      menu.hidden = !menu.hidden;
    });
    menu.querySelectorAll('li').forEach(function (li) {
      li.addEventListener('click', function () {
        menu.hidden = true;
        var st = li.getAttribute('data-status');
        if (st === s.agent.status) return;
        if (st === 'online') goOnline();
        else setStatus(st);
      });
    });
    setInterval(tick, 1000);
  }

  function popup(opts) {
    var wrap = document.createElement('div');
    wrap.className = 'wt-popup ' + (opts.cls || '');
    wrap.innerHTML =
      '<div class="wt-popup__shadow"></div><div class="wt-popup__popup" role="dialog" aria-modal="true">' +
      '<header class="wt-popup__header"><h3 class="wt-popup__title">' +
      WT.esc(opts.title) +
      '</h3></header>' +
      '<section class="wt-popup__main">' +
      opts.body +
      '</section>' +
      '<footer class="wt-popup__actions">' +
      opts.actions +
      '</footer></div>';
    document.body.appendChild(wrap);
    return wrap;
  }

  function activityPopup(types) {
    var p = popup({
      cls: 'wt-cc-activity-type-popup',
      title: 'Please select activity type',
      body: types
        .map(function (t, i) {
          return (
            '<label class="wt-radio"><input type="radio" name="activity-type" value="' +
            WT.esc(t) +
            '"' +
            (i === 0 ? ' checked' : '') +
            '><span class="wt-radio__label">' +
            WT.esc(t) +
            '</span></label>'
          );
        })
        .join(''),
      actions: WT.button('Ok', { cls: 'popup-ok' }) + WT.button('Cancel', { color: 'secondary', cls: 'popup-cancel' }),
    });
    p.querySelector('.popup-ok').addEventListener('click', function () {
      var v = p.querySelector('input[name="activity-type"]:checked');
      p.remove();
      setStatus('online', v ? v.value : types[0]);
    });
    p.querySelector('.popup-cancel').addEventListener('click', function () {
      p.remove();
    });
  }

  /**
   * welcome-popup.vue: "Ok" loads while the device permissions are checked; a click opens the
   * agent session (the-agent-workspace.vue initSession) and "Ok" loads again until it is open;
   * then the popup closes and the agent controls appear.
   */
  function welcome() {
    var p = popup({
      cls: 'wt-welcome-popup welcome-popup',
      title: 'Welcome to Webitel Agent Workspace!',
      body:
        '<p>Please, check your devices and browser permission before start</p>' +
        '<ul class="wt-welcome-popup__perms"><li>' +
        ICON.mic +
        'Microphone</li><li>' +
        ICON.cam +
        'Camera</li><li>' +
        ICON.bell +
        'Notifications</li></ul>',
      actions: WT.button('Ok', { cls: 'popup-ok p-button--wide' }),
    });
    var ok = p.querySelector('.popup-ok');
    WT.setLoading(ok, true);
    setTimeout(function () {
      WT.setLoading(ok, false);
    }, 600);
    ok.addEventListener('click', function () {
      if (ok.classList.contains('p-button--loading')) return;
      WT.setLoading(ok, true);
      disconnectPopup();
      // OPEN_SESSION settles either way (agent-workspace.js, client-handlers.js: Promise.allSettled):
      // a session that could not be asked for leaves Workspace without an agent, so without a switch.
      rpc('cc_agent_session', { open: true })
        .catch(function () {
          return { agent: null };
        })
        .then(function (sess) {
          s.agent = sess.agent;
          renderAgentControls();
          renderAgent();
          if (sess.screenControl && !sess.descTrack) deskTrackMissing();
          if (link.up) sync();
          p.remove();
        });
    });
  }

  /** SDK wt-avatar.vue without a picture: the initials of the name (chat-message.vue and the task header pass only the name). */
  function avatar(name, cls) {
    return (
      '<span class="wt-avatar p-avatar wt-avatar--initials ' +
      (cls || '') +
      '" title="' +
      WT.esc(name) +
      '"><span class="wt-avatar__letters-text">' +
      WT.esc(WT.initials(name)) +
      '</span></span>'
    );
  }

  // ---------- queue panel ----------
  function preview(c) {
    var last = c.messages.length ? c.messages[c.messages.length - 1] : null;
    var cls =
      'chat-queue-preview-md' + (c.state === 'invite' ? ' chat-queue-preview-md--new' : '') + (s.selected === c.id ? ' chat-queue-preview-md--selected' : '');
    return (
      '<article class="' +
      cls +
      '" data-chat="' +
      WT.esc(c.id) +
      '">' +
      '<div class="chat-queue-preview-md-header">' +
      avatar(c.customer.name, '') +
      '<h3 class="chat-queue-preview-md-header__title">' +
      WT.esc(c.customer.name) +
      '</h3>' +
      '<span class="chat-queue-preview-md-header__provider">' +
      ICON.messenger +
      '</span>' +
      '<span class="chat-queue-preview-md-header__time">' +
      (last ? clock(last.at) : '') +
      '</span></div>' +
      '<div class="chat-queue-preview-md-body"><p class="chat-queue-preview-md-body__subtitle">' +
      WT.esc(last ? last.text : '') +
      '</p></div>' +
      '</article>'
    );
  }

  function panel(key, title, items, empty) {
    var open = s.panels[key];
    return (
      '<div class="wt-expansion-panel' +
      (open ? ' wt-expansion-panel--opened' : '') +
      '" data-panel="' +
      key +
      '">' +
      '<button type="button" class="wt-expansion-panel-header"><span class="wt-expansion-panel-header__title">' +
      WT.esc(title) +
      '</span>' +
      '<span class="wt-chip">' +
      items.length +
      '</span>' +
      ICON.chevron +
      '</button>' +
      '<div class="wt-expansion-panel-body"' +
      (open ? '' : ' hidden') +
      '>' +
      (items.length ? items.join('') : '<p class="queue-empty">' + WT.esc(empty) + '</p>') +
      '</div></div>'
    );
  }

  function renderQueue() {
    app.querySelectorAll('.queue-section__tabs .wt-tab').forEach(function (b) {
      b.classList.toggle('wt-tab--highlight', b.getAttribute('data-tab') === s.tab);
    });
    var n = Object.keys(s.unseen).length;
    var badge = app.querySelector('.queue-section__badge');
    badge.hidden = n === 0;
    badge.textContent = String(n);
    var content = app.querySelector('.queue-section__content');
    if (s.tab === 'chat') {
      var active = s.chats
        .filter(function (c) {
          return c.state !== 'closed';
        })
        .map(preview);
      var closed = s.chats
        .filter(function (c) {
          return c.state === 'closed';
        })
        .map(preview);
      content.innerHTML =
        panel('active', 'Active chats', active, 'No active chats') +
        panel('self', 'Self-assigned chats', [], 'No self-assigned chats') +
        panel('closed', 'Closed chats', closed, 'No closed chats');
    } else if (s.tab === 'call') {
      content.innerHTML = panel('active', 'Active calls', [], 'No active calls') + panel('self', 'Missed calls', [], 'No missed calls');
    } else {
      content.innerHTML = panel('active', 'Active jobs', [], 'No active jobs');
    }
    content.querySelectorAll('.wt-expansion-panel-header').forEach(function (h) {
      h.addEventListener('click', function () {
        var key = h.parentElement.getAttribute('data-panel');
        s.panels[key] = !s.panels[key];
        renderQueue();
      });
    });
    content.querySelectorAll('article[data-chat]').forEach(function (a) {
      a.addEventListener('click', function () {
        s.selected = a.getAttribute('data-chat');
        delete s.unseen[s.selected];
        renderQueue();
        renderCenter();
      });
    });
  }

  // ---------- centre panel ----------
  function messageHtml(c, m) {
    var right = m.from === 'operator';
    var pic = avatar(right ? s.user.name : c.customer.name, '');
    return (
      '<div class="chat-message' +
      (right ? ' chat-message--right' : '') +
      '" data-id="' +
      m.id +
      '">' +
      '<div class="chat-message__avatar">' +
      pic +
      '</div>' +
      '<div class="chat-message__main"><div class="chat-message-text">' +
      WT.esc(m.text) +
      '</div><span class="chat-message__time">' +
      clock(m.at) +
      '</span></div></div>'
    );
  }

  function renderMessages() {
    var c = chatById(s.selected);
    var box = app.querySelector('.chat-messages-container');
    if (!c || !box) return;
    box.innerHTML = c.messages
      .map(function (m) {
        return messageHtml(c, m);
      })
      .join('');
    box.scrollTop = box.scrollHeight;
  }

  function renderFooter() {
    var c = chatById(s.selected);
    var footer = app.querySelector('.chat-footer');
    if (!c || !footer) return;
    if (c.state === 'invite') {
      footer.innerHTML =
        '<div class="chat-footer__chat-preview"><p class="chat-footer__chat-preview-text">If you are ready to answer, click "Accept" button first</p>' +
        WT.button('Accept', { cls: 'chat-footer__accept' }) +
        '</div>';
      var btn = footer.querySelector('button');
      btn.addEventListener('click', function () {
        WT.setLoading(btn, true);
        rpc('join_chat', { invite_id: c.inviteId }).then(
          function () {
            c.state = 'active';
            renderFooter();
            renderQueue();
            var d = app.querySelector('#draft');
            if (d) d.focus();
          },
          function (err) {
            WT.setLoading(btn, false);
            WT.toast(err.message, 'error');
          },
        );
      });
    } else if (c.state === 'active') {
      footer.innerHTML =
        '<div class="chat-footer__chat-input"><textarea id="draft" class="wt-textarea" rows="2" placeholder="Write a message..."></textarea>' +
        '<button type="button" class="p-button wt-button wt-icon-btn chat-footer__send">' +
        ICON.send +
        '</button></div>';
      var draft = footer.querySelector('#draft');
      var send = function () {
        var text = draft.value.trim();
        if (!text) return;
        draft.value = '';
        rpc('send_text_chat', { conversation_id: c.id, msg: text }).then(
          function (m) {
            addMessage(c.id, m);
          },
          function (err) {
            WT.toast(err.message, 'error');
            draft.value = text;
          },
        );
      };
      draft.addEventListener('keydown', function (e) {
        if (e.key === 'Enter' && !e.shiftKey) {
          e.preventDefault();
          send();
        }
      });
      footer.querySelector('.chat-footer__send').addEventListener('click', send);
    } else {
      footer.innerHTML = '<div class="chat-footer__closed">The chat is closed</div>';
    }
  }

  function renderCenter() {
    var center = app.querySelector('.ws-center');
    var side = app.querySelector('.ws-side');
    var c = chatById(s.selected);
    if (!c) {
      center.innerHTML =
        '<div class="ws-empty"><div class="ws-empty__art">' +
        ICON.chat +
        '</div><h2>No task is open</h2><p>New chats appear in the queue on the left.</p></div>';
      side.innerHTML = '';
      return;
    }
    center.innerHTML =
      '<article class="chat">' +
      '<header class="task-header"><div class="task-header-expansion-card">' +
      avatar(c.customer.name, 'wt-avatar--lg') +
      '<div class="task-header-expansion-card__text"><h3 class="task-header-expansion-card__title">' +
      WT.esc(c.customer.name) +
      '</h3>' +
      '<span class="task-header-expansion-card__subtitle">' +
      ICON.messenger +
      'Messenger</span></div></div></header>' +
      '<div class="chat-messages-container"></div><footer class="chat-footer"></footer></article>';
    side.innerHTML =
      '<div class="ws-client"><h4 class="ws-client__heading">Client</h4>' +
      avatar(c.customer.name, 'wt-avatar--xl') +
      '<div class="ws-client__name">' +
      WT.esc(c.customer.name) +
      '</div>' +
      '<dl><dt>Channel</dt><dd>Facebook Messenger</dd><dt>Started</dt><dd>' +
      clock(c.createdAt) +
      '</dd></dl></div>';
    renderMessages();
    renderFooter();
  }

  function addMessage(chatId, m) {
    var c = chatById(chatId);
    if (!c) return;
    if (
      c.messages.some(function (x) {
        return x.id === m.id;
      })
    )
      return;
    c.messages.push(m);
    if (chatId === s.selected) renderMessages();
    else s.unseen[chatId] = true;
    renderQueue();
  }

  // ---------- events ----------
  function onEvent(e) {
    if (e.event === 'agent_status') {
      s.agent = e.data;
      return renderAgent();
    }
    if (e.event !== 'chat') return;
    var d = e.data;
    if (d.action === 'user_invite') {
      if (chatById(d.chat.id)) return;
      s.chats.unshift(d.chat);
      if (s.tab !== 'chat') s.unseen[d.chat.id] = true;
      WT.toast('New chat invite from ' + d.chat.customer.name);
      if (!s.selected) {
        s.selected = d.chat.id;
        renderCenter();
      }
      renderQueue();
    } else if (d.action === 'message') {
      addMessage(d.chatId, d.message);
    } else if (d.action === 'join_conversation' || d.action === 'close_conversation') {
      var c = chatById(d.chatId);
      if (!c) return;
      var st = d.action === 'join_conversation' ? 'active' : 'closed';
      if (c.state === st) return;
      c.state = st;
      renderQueue();
      if (c.id === s.selected) renderFooter();
    }
  }

  /**
   * The live connection, as useWebSocketClient.ts keeps it: one WebSocket to `<origin>/ws` (the
   * release drops the page's port; the sandbox keeps it, serving on no default port). Requests `{seq, action, data}` are
   * answered by `{seq_reply, …}`; anything else is an event. When it drops, Workspace clears its
   * tasks (global-handlers.js CLEAR_ALL_TASKS), shows the disconnect popup and tries again 1, 2, 4, 8
   * and then 15 s apart, ten times at most; once back, the popup hides by itself. A connection that
   * never opened is no drop: the state stays "connecting", so no popup (and no retry) follows.
   */
  var link = { ws: null, up: false, opening: null, waiting: {}, popup: null, tries: 0, timer: 0 };
  function open() {
    if (link.opening) return link.opening;
    link.opening = new Promise(function (resolve, reject) {
      var ws = new WebSocket(location.origin.replace(/^http/, 'ws') + '/ws');
      var authed = false;
      ws.onopen = function () {
        link.ws = ws;
        request('authentication_challenge', { token: localStorage.getItem('access-token') || '' }).then(
          function () {
            authed = true;
            link.up = true;
            resolve();
          },
          function (e) {
            reject(e);
            ws.close();
          },
        );
      };
      ws.onmessage = function (msg) {
        var e = JSON.parse(msg.data);
        var w = e.seq_reply && link.waiting[e.seq_reply];
        if (!w) return onEvent(e);
        delete link.waiting[e.seq_reply];
        if (e.status === 'success') w.resolve(e.data);
        else w.reject(new Error((e.error && e.error.detail) || 'request failed'));
      };
      ws.onclose = function () {
        if (link.ws === ws) link.ws = null;
        link.up = false;
        Object.keys(link.waiting).forEach(function (k) {
          link.waiting[k].reject(new Error('the connection closed'));
        });
        link.waiting = {};
        if (authed) lost();
        else reject(new Error('the live connection did not open'));
      };
    });
    link.opening.then(done, done);
    function done() {
      link.opening = null;
    }
    return link.opening;
  }

  function request(action, data) {
    seq += 1;
    var mine = seq;
    return new Promise(function (resolve, reject) {
      if (!link.ws) return reject(new Error('not connected'));
      link.waiting[mine] = { resolve: resolve, reject: reject };
      link.ws.send(JSON.stringify({ seq: mine, action: action, data: data || {} }));
    });
  }

  function lost() {
    s.chats = [];
    s.selected = null;
    renderQueue();
    renderCenter();
    disconnectPopup().style.display = '';
    retry();
  }

  function retry() {
    if (link.timer || link.tries >= 10) return;
    var delay = Math.min(1000 * Math.pow(2, link.tries), 15000);
    link.tries += 1;
    link.timer = setTimeout(function () {
      link.timer = 0;
      open().then(function () {
        link.tries = 0;
        disconnectPopup().style.display = 'none';
        // Take the server's view again: events were missed meanwhile.
        sync();
      }, retry);
    }, delay);
  }

  /**
   * desc-track-auth-error-popup.vue: an agent under screen control without DeskTrack signed in
   * cannot work; the popup cannot be closed, and Workspace logs the agent out (AGENT_LOGOUT).
   * "Refresh" asks for the agent's state again, which still lacks DeskTrack here.
   */
  function deskTrackMissing() {
    var p = popup({
      cls: 'desc-track-auth-error-popup wt-popup--size-sm',
      title: 'Attention',
      body:
        '<div class="desc-track-auth-error-popup__label typo-subtitle-1"><span>You can\u2019t work in Workspace</span></div>' +
        '<div class="desc-track-auth-error-popup__description typo-body-1"><span>DeskTrack is not running, or you are not logged in</span></div>',
      actions: WT.button('Refresh', { color: 'secondary', cls: 'desk-track-refresh' }),
    });
    p.querySelector('.desk-track-refresh').addEventListener('click', function () {
      rpc('cc_agent_session');
    });
    setStatus('offline');
  }

  /**
   * disconnect-popup.vue: always in the page (drawn hidden the first time), shown (v-show) while
   * the connection is down; "Reload page" reloads, "Close" hides it until the connection changes again.
   */
  function disconnectPopup() {
    if (!link.popup) {
      link.popup = popup({
        cls: 'disconnect-popup wt-popup--size-sm',
        title: 'Ohh.. Something went wrong!',
        body: '<article class="disconnect-popup__main"><p class="disconnect-popup__main__text typo-body-1">Connection was accidentally interrupted.</p></article>',
        actions: WT.button('Reload page', { color: 'success', cls: 'disconnect-reload' }) + WT.button('Close', { color: 'secondary', cls: 'disconnect-close' }),
      });
      link.popup.style.display = 'none';
      link.popup.querySelector('.disconnect-reload').addEventListener('click', function () {
        location.reload();
      });
      link.popup.querySelector('.disconnect-close').addEventListener('click', function () {
        link.popup.style.display = 'none';
      });
    }
    return link.popup;
  }

  function sync() {
    return rpc('cc_agent_session').then(function (sess) {
      s.agent = sess.agent;
      s.dnd = sess.dnd;
      var known = {};
      s.chats.forEach(function (c) {
        known[c.id] = true;
      });
      s.chats = sess.chats.slice().reverse();
      s.chats.forEach(function (c) {
        if (!known[c.id] && s.tab !== 'chat') s.unseen[c.id] = true;
      });
      if (s.selected && !chatById(s.selected)) s.selected = null;
      if (!s.selected && s.chats.length && s.chats[0].state === 'invite') s.selected = s.chats[0].id;
      renderAgent();
      renderQueue();
      // Keep the reply box (and what is typed in it) when nothing about the open chat changed.
      if (!app.querySelector('#draft')) renderCenter();
      else renderMessages();
    });
  }

  WT.api('GET', '/api/userinfo')
    .then(function (u) {
      s.user = u;
      layout();
      welcome();
    })
    .catch(function (err) {
      if (err.message !== 'unauthorized') app.textContent = 'Workspace failed to load: ' + err.message;
    });
})();
