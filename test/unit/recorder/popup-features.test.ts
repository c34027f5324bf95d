// Proves the popup size is read from window.open features and kept within its lane.
import { describe, expect, it } from 'vitest';
import { requestedPopupSize } from '../../../app/recorder/browser/popup-size';

const lane = { width: 940, height: 828 };

describe('the size a popup asked for', () => {
  it('reads width and height from window.open features, in any order and spacing', () => {
    expect(requestedPopupSize('width=600,height=700,left=170,top=64', lane)).toEqual({ width: 600, height: 700 });
    expect(requestedPopupSize('top=10, height = 500 ,width=400', lane)).toEqual({ width: 400, height: 500 });
    expect(requestedPopupSize('innerWidth=640,innerHeight=480,resizable', lane)).toEqual({ width: 640, height: 480 });
    expect(requestedPopupSize('WIDTH=300 HEIGHT=300', lane)).toEqual({ width: 300, height: 300 });
  });
  it('keeps the popup within its lane and not uselessly small', () => {
    expect(requestedPopupSize('width=2000,height=1200', lane)).toEqual({ width: 940, height: 828 });
    expect(requestedPopupSize('width=20,height=30', lane)).toEqual({ width: 200, height: 200 });
  });
  it('asks for nothing when the page gave no size (the browser sizes such a window itself)', () => {
    expect(requestedPopupSize('', lane)).toBeNull();
    expect(requestedPopupSize(null, lane)).toBeNull();
    expect(requestedPopupSize('noopener', lane)).toBeNull();
    expect(requestedPopupSize('width=600', lane)).toBeNull();
    expect(requestedPopupSize('outerwidth=600,outerheight=700', lane)).toBeNull();
    expect(requestedPopupSize('width=abc,height=700', lane)).toBeNull();
  });
});
