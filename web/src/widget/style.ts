// The widget's styles, inside its shadow root: the site's CSS cannot reach them, nor they the site.
export const WIDGET_CSS = `
:host { all: initial; }
* { box-sizing: border-box; font-family: system-ui, -apple-system, "Segoe UI", sans-serif; font-size: 14px; }
.launcher { position: fixed; right: 20px; bottom: 20px; z-index: 2147483000; border: 0; border-radius: 24px; padding: 12px 18px;
  background: #1f6f50; color: #fff; font-weight: 600; cursor: pointer; box-shadow: 0 2px 8px rgba(0,0,0,.25); }
.launcher:focus-visible, button:focus-visible, textarea:focus-visible, input:focus-visible { outline: 3px solid #f0b429; outline-offset: 2px; }
.panel { position: fixed; right: 20px; bottom: 76px; z-index: 2147483000; width: 340px; max-width: calc(100vw - 40px); height: 460px;
  max-height: calc(100vh - 100px); display: flex; flex-direction: column; background: #fff; color: #1a1a1a; border-radius: 10px;
  box-shadow: 0 4px 24px rgba(0,0,0,.3); overflow: hidden; }
.panel[hidden] { display: none; }
header { display: flex; align-items: center; justify-content: space-between; padding: 10px 12px; background: #1f6f50; color: #fff; }
header h2 { margin: 0; font-size: 15px; }
header button { background: transparent; color: #fff; border: 0; cursor: pointer; font-size: 18px; line-height: 1; padding: 4px 8px; }
.log { flex: 1; overflow-y: auto; padding: 10px; display: flex; flex-direction: column; gap: 6px; }
.line { max-width: 85%; padding: 6px 10px; border-radius: 10px; white-space: pre-wrap; word-wrap: break-word; }
.line.visitor { align-self: flex-end; background: #dff3ea; }
.line.agent { align-self: flex-start; background: #f1f1f1; }
.line.system { align-self: center; color: #555; font-size: 12px; background: none; }
.who { display: block; font-size: 11px; color: #555; margin-bottom: 2px; }
.file { display: block; margin-top: 4px; background: none; border: 0; padding: 0; color: #0b5cad; text-decoration: underline; cursor: pointer; text-align: left; }
.typing { min-height: 18px; padding: 0 12px; font-size: 12px; color: #555; }
form { display: flex; flex-direction: column; gap: 6px; padding: 10px; border-top: 1px solid #e2e2e2; }
label { font-size: 12px; color: #333; }
input, textarea { width: 100%; border: 1px solid #bbb; border-radius: 6px; padding: 6px 8px; }
textarea { resize: none; height: 56px; }
.row { display: flex; gap: 6px; align-items: center; }
.row > * { flex: 1; }
button.primary { background: #1f6f50; color: #fff; border: 0; border-radius: 6px; padding: 8px; cursor: pointer; font-weight: 600; }
button.secondary { background: #fff; color: #1f6f50; border: 1px solid #1f6f50; border-radius: 6px; padding: 7px; cursor: pointer; }
.note { padding: 10px; color: #333; }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;
