/** Status bar item that shows the elapsed time of a running profile and stops it on click. */
import * as vscode from 'vscode';

export class ProfilingStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('perflens.profiling', vscode.StatusBarAlignment.Left, 100);
  private timer: NodeJS.Timeout | undefined;

  constructor() {
    this.item.name = 'PerfLens profiling';
    this.item.command = 'perflens.stopProfiling';
  }

  start(script: string): void {
    const started = Date.now();
    const render = (): void => {
      const s = Math.floor((Date.now() - started) / 1000);
      this.item.text = `$(debug-stop) $(flame) Profiling ${script} ${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
    };
    this.item.tooltip = 'PerfLens is profiling. Click to stop and keep what was collected.';
    render();
    this.item.show();
    this.timer = setInterval(render, 1000);
    void vscode.commands.executeCommand('setContext', 'perflens.profiling', true);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.item.hide();
    void vscode.commands.executeCommand('setContext', 'perflens.profiling', false);
  }

  dispose(): void {
    this.stop();
    this.item.dispose();
  }
}
