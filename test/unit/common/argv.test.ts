// The command-line template: where it splits, and that a value is never split.
import { describe, expect, it } from 'vitest';
import { argv } from '../../../app/common/argv';

describe('argv', () => {
  it('splits the text at any white space, line breaks included', () => {
    expect(argv`-hide_banner  -f x11grab
      -draw_mouse 0	pipe:1`).toEqual(['-hide_banner', '-f', 'x11grab', '-draw_mouse', '0', 'pipe:1']);
  });

  it('keeps a value whole, spaces and all, and joins it to the text it touches', () => {
    const file = '/tmp/a b/lane one.mkv';
    expect(argv`-i ${file} -video_size ${736}x${828} -i ${':99'}+0,0 -y ${file}`).toEqual(['-i', file, '-video_size', '736x828', '-i', ':99+0,0', '-y', file]);
  });

  it('gives an empty value standing alone as an empty argument, and nothing for blank text', () => {
    expect(argv`-metadata ${''} -an`).toEqual(['-metadata', '', '-an']);
    expect(argv`  `).toEqual([]);
    expect(argv`${'a'}${'b'} c`).toEqual(['ab', 'c']);
  });
});
