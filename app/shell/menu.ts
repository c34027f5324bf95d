// The desktop app's menu: the standard roles plus help links that open in the system browser.
import type { MenuItemConstructorOptions } from 'electron';

/** The application menu: standard roles plus help links that open in the system browser. */
export function menuTemplate(opts: {
  isMac: boolean;
  appName: string;
  openExternal: (url: string) => void;
  openDataFolder: () => void;
}): MenuItemConstructorOptions[] {
  const { isMac } = opts;
  return [
    ...(isMac
      ? [
          {
            label: opts.appName,
            submenu: [
              { role: 'about' },
              { type: 'separator' },
              { role: 'hide' },
              { role: 'hideOthers' },
              { role: 'unhide' },
              { type: 'separator' },
              { role: 'quit' },
            ],
          } as MenuItemConstructorOptions,
        ]
      : []),
    {
      label: 'File',
      submenu: [{ label: 'Open Data Folder', click: () => opts.openDataFolder() }, { type: 'separator' }, isMac ? { role: 'close' } : { role: 'quit' }],
    },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        { role: 'reload' },
        { role: 'toggleDevTools' },
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [
        {
          label: 'Meta App Review documentation',
          click: () => opts.openExternal('https://developers.facebook.com/docs/resp-plat-initiatives/individual-processes/app-review'),
        },
        { label: 'Webitel documentation', click: () => opts.openExternal('https://webitel.atlassian.net/wiki/spaces/WEP') },
      ],
    },
  ];
}
