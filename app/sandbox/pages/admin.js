// Admin stand-in: chat gateways list, the Meta gateway form and its tabs (Meta, Facebook pages, Instagram, Whatsapp, Templates).
(function () {
  'use strict';
  var WT = window.WT;
  if (!WT.token()) return WT.toLogin();
  var cfg = WT.boot();
  var app = document.getElementById('app');
  var path = location.pathname;

  var ICON = {
    copy: '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M16 1H4a2 2 0 00-2 2v14h2V3h12zm3 4H8a2 2 0 00-2 2v14a2 2 0 002 2h11a2 2 0 002-2V7a2 2 0 00-2-2zm0 16H8V7h11z" fill="currentColor"/></svg>',
    eye: '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M12 5c-5 0-9 4.5-10 7 1 2.5 5 7 10 7s9-4.5 10-7c-1-2.5-5-7-10-7zm0 11a4 4 0 110-8 4 4 0 010 8zm0-6a2 2 0 100 4 2 2 0 000-4z" fill="currentColor"/></svg>',
    routing:
      '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M6 3a3 3 0 00-1 5.8v6.4A3 3 0 107 15.2V13h6a4 4 0 004-4V8.8A3 3 0 1015 8.8V9a2 2 0 01-2 2H7V8.8A3 3 0 006 3z" fill="currentColor"/></svg>',
    users:
      '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M16 11a3 3 0 10-3-3 3 3 0 003 3zm-8 0a3 3 0 10-3-3 3 3 0 003 3zm0 2c-2.3 0-7 1.2-7 3.5V19h14v-2.5C15 14.2 10.3 13 8 13zm8 0c-.3 0-.6 0-1 .1a4.2 4.2 0 012 3.4V19h6v-2.5c0-2.3-4.7-3.5-7-3.5z" fill="currentColor"/></svg>',
    cc: '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M12 2a9 9 0 00-9 9v6a3 3 0 003 3h2v-8H5v-1a7 7 0 0114 0v1h-3v8h3v1h-6v2h6a2 2 0 002-2v-10a9 9 0 00-9-9z" fill="currentColor"/></svg>',
    search:
      '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M10 3a7 7 0 015.6 11.2l5.1 5.1-1.4 1.4-5.1-5.1A7 7 0 1110 3zm0 2a5 5 0 100 10 5 5 0 000-10z" fill="currentColor"/></svg>',
    meta: '<svg viewBox="0 0 48 24" aria-hidden="true"><path d="M6 19c-2.5 0-4-2.3-4-5.5C2 8.6 4.6 4 8.3 4c2.2 0 4 1.4 6.4 5l2.3 3.6L19.4 9C21.8 5.4 23.7 4 26 4c3.6 0 6.3 4.6 6.3 9.7 0 3.1-1.4 5.3-4 5.3-2.3 0-3.6-1.2-6.2-5.3l-1.6-2.6-1.7 2.7C14.2 17.6 12.4 19 10.3 19z" fill="none" stroke="#0866ff" stroke-width="2.6"/></svg>',
  };

  function shell(opts) {
    app.innerHTML =
      '<div class="adm">' +
      '<nav class="adm-nav"><div class="adm-nav__brand">' +
      WT.LOGO +
      '<span>Admin</span></div>' +
      '<div class="adm-nav__group"><div class="adm-nav__group-title">' +
      ICON.users +
      'Directory</div></div>' +
      '<div class="adm-nav__group"><div class="adm-nav__group-title">' +
      ICON.routing +
      'Routing</div>' +
      '<a class="adm-nav__item" href="#" onclick="return false">Flow schemas</a>' +
      '<a class="adm-nav__item adm-nav__item--active" href="/routing/chat-gateways">Chat gateways</a>' +
      '<a class="adm-nav__item" href="#" onclick="return false">Dialplan</a></div>' +
      '<div class="adm-nav__group"><div class="adm-nav__group-title">' +
      ICON.cc +
      'Contact center</div></div>' +
      '<a class="adm-nav__workspace" href="/workspace/">Agent Workspace ›</a>' +
      '</nav>' +
      '<div class="adm-main"><header class="adm-header"><div class="adm-breadcrumbs">' +
      opts.crumbs +
      '</div><div class="adm-header__spacer"></div>' +
      '<div class="adm-header__actions">' +
      (opts.actions || '') +
      '</div>' +
      WT.headerActions(user) +
      '</header>' +
      '<main class="adm-content">' +
      opts.content +
      '</main></div></div>';
    WT.wireHeaderActions(app);
  }

  function crumbs(parts) {
    return parts
      .map(function (p, i) {
        var label = p[1] && i < parts.length - 1 ? '<a href="' + p[1] + '">' + WT.esc(p[0]) + '</a>' : '<span>' + WT.esc(p[0]) + '</span>';
        return label + (i < parts.length - 1 ? '<span class="adm-breadcrumbs__sep">/</span>' : '');
      })
      .join('');
  }

  function input(label, placeholder, value, opts) {
    opts = opts || {};
    return (
      '<div class="wt-input' +
      (opts.cls ? ' ' + opts.cls : '') +
      '"><label class="wt-label">' +
      WT.esc(label) +
      '</label>' +
      '<div class="wt-input__wrapper"><input class="wt-input__input p-inputtext" type="' +
      (opts.type || 'text') +
      '" placeholder="' +
      WT.esc(placeholder) +
      '" value="' +
      WT.esc(value || '') +
      '"' +
      (opts.readonly ? ' readonly' : '') +
      '>' +
      (opts.after || '') +
      '</div>' +
      (opts.hint ? '<div class="wt-input__hint">' + WT.esc(opts.hint) + '</div>' : '') +
      '</div>'
    );
  }

  var user = { name: '' };

  // ---------- start page ----------
  function startPage() {
    shell({
      crumbs: crumbs([['Start page']]),
      content:
        '<div class="adm-card adm-start"><h2>Welcome to Webitel Admin</h2><p>Configure routing, contact center and integrations.</p>' +
        '<div class="adm-tiles"><a class="adm-tile" href="/routing/chat-gateways">' +
        ICON.routing +
        '<span>Chat gateways</span></a>' +
        '<a class="adm-tile" href="/workspace/">' +
        ICON.cc +
        '<span>Agent Workspace</span></a></div></div>',
    });
  }

  // ---------- gateways list ----------
  /**
   * the-chat-gateways.vue: "All chat gateways" with a search bar (SDK wt-search-bar: the list
   * reloads a second after typing or Enter, names searched by prefix), a wt-loader in place of the
   * table while it loads, wt-dummy when nothing is listed, 10 rows a page and wt-pagination's arrows.
   */
  function listPage() {
    var q = { page: 1, size: 10, search: '' };
    shell({
      crumbs: crumbs([['Routing'], ['Chat gateways']]),
      content:
        '<section class="adm-card table-section"><header class="table-title adm-card__header"><h3 class="table-title__title adm-card__title">All chat gateways</h3><div class="adm-card__spacer"></div><div class="table-title__actions-wrap">' +
        '<div class="wt-input-text wt-search-bar"><span class="wt-search-bar__icon">' +
        ICON.search +
        '</span><input class="p-inputtext wt-input-text__input wt-search-bar" type="text" inputmode="search" placeholder="Search"></div>' +
        WT.button('Add', { cls: 'adm-add' }) +
        '</div></header>' +
        '<span class="wt-loader wt-loader--page adm-list-loader"></span>' +
        '<div class="wt-dummy" hidden><p class="wt-dummy__text typo-body-1"></p></div>' +
        '<div class="table-section__table-wrapper" hidden><table class="wt-table"><thead><tr><th>Name</th><th>URI</th><th>Flow schema</th><th>Provider</th><th>State</th></tr></thead><tbody></tbody></table>' +
        '<footer class="wt-pagination"><span class="wt-pagination__size-text">Rows per page:</span><span class="wt-pagination__size-input">10</span>' +
        '<button type="button" class="wt-icon-btn wt-pagination__page-control adm-prev" aria-label="Previous">&lsaquo;</button>' +
        '<button type="button" class="wt-icon-btn wt-pagination__page-control adm-next" aria-label="Next">&rsaquo;</button></footer></div></section>',
    });
    var loader = app.querySelector('.adm-list-loader');
    var dummy = app.querySelector('.wt-dummy');
    var wrapper = app.querySelector('.table-section__table-wrapper');
    var tbody = wrapper.querySelector('tbody');
    var search = app.querySelector('input.wt-search-bar');
    var prev = app.querySelector('.adm-prev');
    var next = app.querySelector('.adm-next');

    function row(g) {
      var link = g.provider === 'messenger' ? '/routing/chat-gateways/' + g.id + '/meta' : '#';
      return (
        '<tr data-id="' +
        g.id +
        '"><td><a class="wt-table__link" href="' +
        link +
        '">' +
        WT.esc(g.name) +
        '</a></td>' +
        '<td class="wt-table__mono">' +
        WT.esc(g.uri) +
        '</td><td>' +
        WT.esc(g.flow.name) +
        '</td>' +
        '<td><span class="adm-provider">' +
        (g.provider === 'messenger' ? ICON.meta + 'Meta' : WT.esc(g.provider)) +
        '</span></td><td>' +
        WT.switcher({ cls: 'adm-state-switch', checked: g.enabled }) +
        '</td></tr>'
      );
    }

    function load() {
      loader.hidden = false;
      loader.style.display = '';
      wrapper.hidden = true;
      dummy.hidden = true;
      var term = q.search && q.search.slice(-1) !== '*' ? q.search + '*' : q.search;
      WT.api('GET', '/api/chat/bots?page=' + q.page + '&size=' + q.size + (term ? '&q=' + encodeURIComponent(term) : '')).then(function (res) {
        loader.style.display = 'none';
        if (!res.items.length) {
          dummy.querySelector('.wt-dummy__text').textContent = q.search ? 'Your search yielded no results' : 'There are no records yet';
          dummy.hidden = false;
          return;
        }
        tbody.innerHTML = res.items.map(row).join('');
        prev.disabled = q.page <= 1;
        next.disabled = !res.next;
        wrapper.hidden = false;
        tbody.querySelectorAll('tr[data-id]').forEach(function (tr) {
          var sw = tr.querySelector('.adm-state-switch');
          sw.querySelector('input').addEventListener('click', function (e) {
            e.preventDefault();
            var on = sw.querySelector('.p-toggleswitch').getAttribute('data-p-checked') !== 'true';
            WT.api('PATCH', '/api/chat/bots/' + tr.getAttribute('data-id'), { enabled: on }).then(function (g) {
              WT.setSwitch(sw, g.enabled);
            });
          });
        });
      });
    }

    var timer;
    function searchSoon() {
      q.search = search.value.trim();
      q.page = 1;
      clearTimeout(timer);
      timer = setTimeout(load, 1000);
    }
    search.addEventListener('input', searchSoon);
    search.addEventListener('keyup', function (e) {
      if (e.key === 'Enter') searchSoon();
    });
    prev.addEventListener('click', function () {
      q.page -= 1;
      load();
    });
    next.addEventListener('click', function () {
      q.page += 1;
      load();
    });
    app.querySelector('.adm-add').addEventListener('click', newGatewayPopup);
    load();
  }

  function newGatewayPopup() {
    var options = [
      ['messenger', 'Meta', 'Facebook Messenger, Instagram and WhatsApp'],
      ['telegram', 'Telegram Bot', 'A Telegram bot'],
      ['viber', 'Viber', 'A Viber public account'],
      ['webchat', 'Web chat', 'A chat widget for your site'],
      ['infobip', 'Infobip', 'WhatsApp through Infobip'],
    ];
    var p = document.createElement('div');
    p.className = 'wt-popup';
    p.innerHTML =
      '<div class="wt-popup__shadow"></div><div class="wt-popup__popup" role="dialog"><header class="wt-popup__header"><h3 class="wt-popup__title">New chat gateway</h3></header>' +
      '<section class="wt-popup__main"><ul class="popup-options">' +
      options
        .map(function (o) {
          return (
            '<li class="popup-options__item-wrap" data-type="' +
            o[0] +
            '"><h4 class="popup-options__item-header">' +
            WT.esc(o[1]) +
            '</h4><p class="popup-options__item-text">' +
            WT.esc(o[2]) +
            '</p></li>'
          );
        })
        .join('') +
      '</ul></section>' +
      '<footer class="wt-popup__actions">' +
      WT.button('Create', { disabled: true, cls: 'popup-create' }) +
      WT.button('Close', { color: 'secondary', cls: 'popup-close' }) +
      '</footer></div>';
    document.body.appendChild(p);
    var chosen = null;
    var create = p.querySelector('.popup-create');
    p.querySelectorAll('.popup-options__item-wrap').forEach(function (li) {
      li.addEventListener('click', function () {
        p.querySelectorAll('.popup-options__item-wrap').forEach(function (x) {
          x.classList.remove('popup-options__item-wrap--active');
        });
        li.classList.add('popup-options__item-wrap--active');
        chosen = li.getAttribute('data-type');
        create.disabled = false;
      });
    });
    p.querySelector('.popup-close').addEventListener('click', function () {
      p.remove();
    });
    create.addEventListener('click', function () {
      if (chosen === 'messenger') location.assign('/routing/chat-gateways/new?type=messenger');
      else WT.toast('Only Meta gateways are available in the sandbox', 'info');
    });
  }

  // ---------- Meta gateway: form and tabs ----------
  /**
   * SDK wt-tabs.vue: `nav.wt-tabs` of `button.wt-tab` (type="button", no role="tab"); the open one
   * has `wt-tab--highlight`. A Meta gateway's tabs (client opened-chat-gateway.vue): Meta,
   * Facebook pages, Instagram, Whatsapp, Templates; a new gateway only Meta and Templates.
   */
  var TABS = [
    ['meta', 'Meta'],
    ['facebook-pages', 'Facebook pages'],
    ['instagram', 'Instagram'],
    ['whatsapp', 'Whatsapp'],
    ['templates', 'Templates'],
  ];
  function tabs(id, active) {
    var list = id === 'new' ? [TABS[0], TABS[4]] : TABS;
    return (
      '<nav class="wt-tabs">' +
      list
        .map(function (t) {
          return (
            '<button type="button" class="wt-tab typo-body-1-bold' +
            (active === t[0] ? ' wt-tab--highlight' : '') +
            '" value="' +
            WT.esc(t[1]) +
            '" data-tab="' +
            t[0] +
            '"><span style="display: block">' +
            WT.esc(t[1]) +
            '</span></button>'
          );
        })
        .join('') +
      '<div class="wt-tabs__underline"></div></nav>'
    );
  }

  function wireTabs(id) {
    app.querySelectorAll('.wt-tabs .wt-tab').forEach(function (b) {
      b.addEventListener('click', function () {
        if (id === 'new') return;
        location.assign('/routing/chat-gateways/' + id + '/' + b.getAttribute('data-tab'));
      });
    });
  }

  /** Instagram, Whatsapp, Templates: empty tables (the demo does not use them). */
  function otherTab(id, which) {
    WT.api('GET', '/api/chat/bots/' + id).then(function (g) {
      var title = TABS.filter(function (t) {
        return t[0] === which;
      })[0][1];
      shell({
        crumbs: crumbs([['Routing'], ['Chat gateways', '/routing/chat-gateways'], [g.name]]),
        actions: WT.button('Close', { color: 'secondary', cls: 'adm-close' }) + WT.button('Saved', { disabled: true }),
        content:
          '<div class="adm-card">' +
          tabs(id, which) +
          '<div class="adm-card__header"><h3 class="adm-card__title">' +
          WT.esc(title) +
          '</h3></div>' +
          '<table class="wt-table"><tbody><tr class="wt-table__empty"><td>No data</td></tr></tbody></table></div>',
      });
      wireTabs(id);
      app.querySelector('.adm-close').addEventListener('click', function () {
        location.assign('/routing/chat-gateways');
      });
    });
  }

  function formPage(id) {
    var load =
      id === 'new'
        ? Promise.resolve({
            id: 'new',
            name: '',
            uri: randomUri(),
            url: '',
            flow: { name: cfg.flowSchemas[0] },
            metadata: { client_id: '', client_secret: '', version: 'v24.0' },
          })
        : WT.api('GET', '/api/chat/bots/' + id);
    load.then(function (g) {
      var url = location.origin + '/chat/' + g.uri;
      var flowSel =
        '<div class="wt-select"><label class="wt-label">Flow schema*</label><div class="wt-input__wrapper"><select class="wt-select__select">' +
        cfg.flowSchemas
          .map(function (f) {
            return '<option' + (f === g.flow.name ? ' selected' : '') + '>' + WT.esc(f) + '</option>';
          })
          .join('') +
        '</select></div></div>';
      shell({
        crumbs: crumbs([['Routing'], ['Chat gateways', '/routing/chat-gateways'], [g.name || 'New']]),
        actions:
          WT.button('Close', { color: 'secondary', cls: 'adm-close' }) +
          WT.button(id === 'new' ? 'Save' : 'Saved', { cls: 'adm-save', disabled: id !== 'new' }),
        content:
          '<div class="adm-card">' +
          tabs(id, 'meta') +
          '<h3 class="adm-card__title adm-form__heading">' +
          ICON.meta +
          'Meta</h3>' +
          '<div class="adm-form">' +
          input('Name*', 'Name', g.name) +
          input('URI*', 'URI', g.uri, {
            readonly: true,
            cls: 'adm-uri',
            after: '<button type="button" class="wt-copy-action" data-url="' + WT.esc(url) + '">' + ICON.copy + '</button>',
          }) +
          flowSel +
          input('App ID*', 'App ID', g.metadata.client_id) +
          input('App Secret*', 'App Secret', g.metadata.client_secret, {
            type: 'password',
            after: '<button type="button" class="wt-eye-action">' + ICON.eye + '</button>',
          }) +
          input('API Version', 'API Version', g.metadata.version, { hint: 'Use format: vXX.X (e.g., v24.0)' }) +
          '</div></div>',
      });
      wireTabs(id);
      var save = app.querySelector('.adm-save');
      var fields = {
        name: app.querySelector('input[placeholder="Name"]'),
        appId: app.querySelector('input[placeholder="App ID"]'),
        secret: app.querySelector('input[placeholder="App Secret"]'),
        version: app.querySelector('input[placeholder="API Version"]'),
        flow: app.querySelector('.wt-select__select'),
      };
      var initial = JSON.stringify(values());
      function values() {
        return { name: fields.name.value, appId: fields.appId.value, secret: fields.secret.value, version: fields.version.value, flow: fields.flow.value };
      }
      function refresh() {
        var dirty = id === 'new' || JSON.stringify(values()) !== initial;
        save.querySelector('.p-button-label').textContent = dirty ? 'Save' : 'Saved';
        save.disabled = !dirty;
      }
      Object.keys(fields).forEach(function (k) {
        fields[k].addEventListener('input', refresh);
        fields[k].addEventListener('change', refresh);
      });
      app.querySelector('.wt-eye-action').addEventListener('click', function () {
        fields.secret.type = fields.secret.type === 'password' ? 'text' : 'password';
      });
      var copy = app.querySelector('.wt-copy-action');
      copy.addEventListener('click', function () {
        var text = copy.getAttribute('data-url');
        var okay = function () {
          copy.classList.add('wt-copy-action--copied');
          WT.toast('Copied to clipboard: ' + text);
          setTimeout(function () {
            copy.classList.remove('wt-copy-action--copied');
          }, 1500);
        };
        if (navigator.clipboard) navigator.clipboard.writeText(text).then(okay, okay);
        else okay();
      });
      app.querySelector('.adm-close').addEventListener('click', function () {
        location.assign('/routing/chat-gateways');
      });
      save.addEventListener('click', function () {
        var v = values();
        var body = {
          name: v.name,
          uri: g.uri,
          provider: 'messenger',
          enabled: id === 'new' ? false : undefined,
          flow: { id: '1', name: v.flow },
          metadata: { client_id: v.appId, client_secret: v.secret, version: v.version },
        };
        WT.setLoading(save, true);
        WT.api(id === 'new' ? 'POST' : 'PUT', '/api/chat/bots' + (id === 'new' ? '' : '/' + id), body).then(
          function (saved) {
            WT.setLoading(save, false);
            if (id === 'new') return location.assign('/routing/chat-gateways/' + saved.id + '/meta');
            initial = JSON.stringify(values());
            refresh();
            WT.toast('Saved');
          },
          function (err) {
            WT.setLoading(save, false);
            WT.toast(err.message, 'error');
          },
        );
      });
    });
  }

  function randomUri() {
    var a = new Uint8Array(31);
    window.crypto.getRandomValues(a);
    return Array.prototype.map
      .call(a, function (b) {
        return String.fromCharCode(97 + (b % 26));
      })
      .join('');
  }

  /**
   * facebook-tab.vue: "Add or remove pages" only with update access; a wt-loader replaces the
   * table (v-show) while the list (re)loads; the switch is disabled without update access; the
   * popup's message {status, detail} reloads the list or shows the detail in an error toast.
   */
  function pagesPage(id) {
    WT.api('GET', '/api/chat/bots/' + id).then(function (g) {
      var gwPath = '/chat/' + g.uri;
      var canUpdate = !!(user.access && user.access.chat_bots && user.access.chat_bots.update);
      shell({
        crumbs: crumbs([['Routing'], ['Chat gateways', '/routing/chat-gateways'], [g.name]]),
        actions: WT.button('Close', { color: 'secondary', cls: 'adm-close' }) + WT.button('Saved', { disabled: true }),
        content:
          '<div class="adm-card">' +
          tabs(id, 'facebook-pages') +
          '<header class="table-title adm-card__header"><h3 class="table-title__title adm-card__title">Facebook pages</h3><div class="adm-card__spacer"></div><div class="table-title__actions-wrap">' +
          (canUpdate ? WT.button('Add or remove pages', { cls: 'adm-pages-setup' }) : '') +
          '</div></header>' +
          '<span class="wt-loader wt-loader--page adm-pages-loader"></span>' +
          '<div class="table-section__table-wrapper" style="display: none"><table class="wt-table adm-pages"><thead><tr><th>ID</th><th>Name</th><th>Accounts</th><th>Webhook subscription</th></tr></thead><tbody></tbody></table></div></div>',
      });
      wireTabs(id);
      app.querySelector('.adm-close').addEventListener('click', function () {
        location.assign('/routing/chat-gateways');
      });
      var tbody = app.querySelector('.adm-pages tbody');
      var loader = app.querySelector('.adm-pages-loader');
      var wrapper = app.querySelector('.table-section__table-wrapper');
      function loading(on) {
        loader.style.display = on ? '' : 'none';
        wrapper.style.display = on ? 'none' : '';
      }

      function render(pages) {
        if (!pages.length) {
          tbody.innerHTML = '<tr class="wt-table__empty"><td colspan="4">No data</td></tr>';
          return;
        }
        tbody.innerHTML = pages
          .map(function (p) {
            var on = !!(p.subscribed_fields && p.subscribed_fields.length);
            return (
              '<tr data-page="' +
              WT.esc(p.id) +
              '"><td class="wt-table__mono">' +
              WT.esc(p.id) +
              '</td><td>' +
              WT.esc(p.name) +
              '</td>' +
              '<td>' +
              p.accounts
                .map(function (a) {
                  return '<span class="wt-chip">' + WT.esc(a.name) + '</span>';
                })
                .join(' ') +
              '</td>' +
              '<td>' +
              WT.switcher({ cls: 'adm-subscription', checked: on, disabled: !canUpdate }) +
              '</td></tr>'
            );
          })
          .join('');
        tbody.querySelectorAll('tr[data-page]').forEach(function (tr) {
          var sw = tr.querySelector('.adm-subscription');
          sw.querySelector('input').addEventListener('click', function (e) {
            e.preventDefault();
            if (!canUpdate) return;
            var on = sw.querySelector('.p-toggleswitch').getAttribute('data-p-checked') !== 'true';
            WT.api('GET', gwPath + '?pages=' + (on ? 'subscribe' : 'unsubscribe') + '&id=' + encodeURIComponent(tr.getAttribute('data-page'))).then(
              render,
              function (err) {
                WT.toast(err.message, 'error');
              },
            );
          });
        });
      }
      function load() {
        loading(true);
        return WT.api('GET', gwPath + '?pages=').then(
          function (pages) {
            render(pages);
            loading(false);
          },
          function (err) {
            loading(false);
            WT.toast(err.message, 'error');
          },
        );
      }
      load();

      var popup = null;
      window.addEventListener('message', function (e) {
        if (!e.data || typeof e.data !== 'object' || !('status' in e.data)) return;
        if (e.data.status === 'success') load();
        else if (e.data.status === 'error') WT.toast(e.data.detail || 'Facebook pages were not changed', 'error');
      });
      var setup = app.querySelector('.adm-pages-setup');
      if (setup)
        setup.addEventListener('click', function () {
          var w = 600,
            h = 700;
          var left = window.screenX + Math.max(0, (window.outerWidth - w) / 2);
          var top = window.screenY + Math.max(0, (window.outerHeight - h) / 2);
          // openMessengerWindow.js: one named window, 600×700; only its message reloads the list.
          if (popup && !popup.closed) popup.close();
          popup = window.open(
            gwPath + '?pages=setup',
            'Add or remove pages',
            'width=' + w + ',height=' + h + ',left=' + left + ',top=' + top + ',toolbar=no,menubar=no',
          );
        });
    });
  }

  WT.api('GET', '/api/userinfo')
    .then(function (u) {
      user = u;
      var m;
      if (path === '/') return startPage();
      if (path === '/routing/chat-gateways') return listPage();
      if (path === '/routing/chat-gateways/new') return formPage('new');
      if ((m = /^\/routing\/chat-gateways\/(\d+)\/meta$/.exec(path))) return formPage(m[1]);
      if ((m = /^\/routing\/chat-gateways\/(\d+)\/facebook-pages$/.exec(path))) return pagesPage(m[1]);
      if ((m = /^\/routing\/chat-gateways\/(\d+)\/(instagram|whatsapp|templates)$/.exec(path))) return otherTab(m[1], m[2]);
      app.textContent = 'Not found';
    })
    .catch(function () {});
})();
