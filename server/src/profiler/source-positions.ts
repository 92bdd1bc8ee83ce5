/**
 * A profile read from a file, shown where its code was written: frames of compiled code (a
 * `node --cpu-prof dist/app.js` profile, a bundle with `.map` files beside it) are moved to their
 * original file, line and column through the source maps on disk, as the capture does for a run of
 * ours. What viewers built on the frames then show and open (the flame graph page, the VS Code
 * panel's click-to-source) is the source. Frames without a map stay as recorded; a profile saved
 * by `perflens profile` is already mapped and passes through unchanged.
 */
import { mapFrames } from '../profile/map-frames';
import type { Profile } from '../profile/model';
import { SourceMapCache } from './source-maps';
import { originalUrl } from './original-frames';

export function withSourcePositions(profile: Profile): { profile: Profile; problems: string[]; moved: number } {
  const maps = new SourceMapCache();
  mapFrames(profile, maps.mapper);
  let moved = 0;
  for (const frame of profile.frames) {
    const o = frame.original;
    if (!o) continue;
    frame.url = originalUrl(frame, o);
    frame.line = o.line;
    frame.col = o.col;
    moved++;
  }
  return { profile, problems: maps.problems, moved };
}
