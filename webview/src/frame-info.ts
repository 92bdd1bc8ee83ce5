/** Text about frames for tooltips, the status line and tables: name, file:line, weights and shares. */
import { CATEGORIES, frameLabel, frameLocation, type ProfileData } from './flame/profile-data';
import type { RectTree } from './flame/rect-tree';
import { formatShare, formatWeight } from './format';
import type { FrameDetails } from './ui/tooltip';

export class FrameInfo {
  constructor(private readonly profile: () => ProfileData | null, private readonly total: () => number) {}

  label(frame: number): string {
    const p = this.profile();
    return p ? frameLabel(p, frame) : '';
  }

  location(frame: number): string {
    const p = this.profile();
    return p ? frameLocation(p, frame) : '';
  }

  weight(w: number): string {
    const p = this.profile();
    return p ? formatWeight(w, p.unit) : String(w);
  }

  share(w: number): string {
    const t = this.total();
    return formatShare(t > 0 ? w / t : 0);
  }

  shareOf(share: number): string {
    return formatShare(share);
  }

  details(tree: RectTree, r: number): FrameDetails {
    const f = tree.frame[r]!;
    const p = this.profile();
    return {
      name: f < 0 ? 'all' : this.label(f),
      location: f < 0 ? '' : this.location(f),
      self: this.weight(tree.self[r]!),
      total: this.weight(tree.width[r]!),
      share: this.share(tree.width[r]!),
      category: f < 0 || !p ? 'root' : CATEGORIES[p.frameCategory[f]!] ?? 'native',
    };
  }

  summary(tree: RectTree, r: number): string {
    const d = this.details(tree, r);
    return `${d.name}${d.location ? ` — ${d.location}` : ''} · total ${d.total} (${d.share}) · self ${d.self}`;
  }
}
