// The style sheet and the one script of every HTML report, inline in the document so that a
// saved report needs nothing else (no fetch of any kind). The script only wires the copy buttons;
// a page serving a report names both by hash in its Content-Security-Policy (serve/), so no other
// inline script or style can run there.
#pragma once

#include <string_view>

namespace uccert::report {

// Colour is never the only signal: every verdict also carries a word and a symbol.
inline constexpr std::string_view kHtmlStyle = R"css(
:root{--pass:#1a7f37;--warn:#9a6700;--fail:#cf222e;--none:#6e7781;--line:#d0d7de;--soft:#f6f8fa}
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0 auto;max-width:72rem;padding:1rem 1.5rem;
color:#1f2328}
h1{font-size:1.5rem;margin:.2rem 0}h2{font-size:1.25rem;margin:2rem 0 .5rem;border-bottom:1px solid var(--line)}
h3{font-size:1.05rem;margin:1.2rem 0 .4rem}h4{font-size:1rem;margin:0 0 .4rem}
code,pre{font-family:ui-monospace,"Cascadia Mono",Consolas,monospace;font-size:.9em}
.meta{color:var(--none);margin:.2rem 0}
table{border-collapse:collapse;margin:.4rem 0}
th,td{border:1px solid var(--line);padding:.3rem .6rem;text-align:left;vertical-align:top}
th{background:var(--soft)}
.v{font-weight:600;white-space:nowrap}
.v-pass{color:var(--pass);background:#dafbe1}.v-warn{color:var(--warn);background:#fff8c5}
.v-fail{color:var(--fail);background:#ffebe9}.v-none{color:var(--none)}
.chain{list-style:none;padding:0;margin:.3rem 0}
.cert{border:2px solid var(--line);border-radius:6px;padding:.4rem .7rem;margin:0 0 .2rem;position:relative}
.cert+.cert{margin-top:1.1rem}
.cert+.cert::before{content:"\2193  issued by";position:absolute;top:-1.15rem;left:1rem;
font-size:.8em;color:var(--none)}
.cert.sent{border-style:solid;border-color:#0969da}
.cert.elsewhere{border-style:dashed;border-color:#8250df;background:var(--soft)}
.cert.missing{border-style:dotted;border-color:var(--fail);background:#ffebe9}
.origin{display:block;font-size:.8em;font-weight:600;text-transform:uppercase;letter-spacing:.03em}
.subject{display:block;font-weight:600;overflow-wrap:anywhere}
.detail{display:block;font-size:.9em;overflow-wrap:anywhere}
.names{padding-left:1.2rem}
.finding{border-left:4px solid var(--line);padding:.3rem .8rem;margin:.8rem 0}
.finding.sev-fail{border-color:var(--fail)}.finding.sev-warn{border-color:var(--warn)}
.finding.sev-info{border-color:var(--none)}
.badge{display:inline-block;font-size:.8em;font-weight:700;padding:0 .4rem;border-radius:4px;margin-right:.4rem}
.fix{background:var(--soft);border:1px solid var(--line);border-radius:6px;padding:.3rem .6rem;margin:.4rem 0}
.fix pre{white-space:pre-wrap;overflow-wrap:anywhere;margin:.2rem 0}
.copy{float:right;font:inherit;font-size:.85em;cursor:pointer}
.why{color:var(--none);font-size:.9em}
footer{margin-top:2.5rem;border-top:1px solid var(--line);color:var(--none);font-size:.85em}
@media print{.copy{display:none}body{max-width:none;font-size:11pt}.finding,.cert{break-inside:avoid}}
)css";

// Copies the commands of the fix next to the button; where the clipboard is refused (a page
// opened from disk in some browsers), selects them for Ctrl+C instead. Buttons are hidden until
// this runs, so a page whose script is blocked shows none that do nothing.
inline constexpr std::string_view kHtmlScript = R"js(
document.querySelectorAll("button.copy").forEach(function (b) {
  b.hidden = false;
  b.addEventListener("click", function () {
    var code = document.getElementById(b.getAttribute("data-for"));
    if (!code) return;
    var selectIt = function () {
      var r = document.createRange(); r.selectNodeContents(code);
      var s = window.getSelection(); s.removeAllRanges(); s.addRange(r);
      b.textContent = "Selected: press Ctrl+C";
    };
    if (!navigator.clipboard) { selectIt(); return; }
    navigator.clipboard.writeText(code.textContent).then(function () {
      b.textContent = "Copied";
      setTimeout(function () { b.textContent = "Copy"; }, 2000);
    }, selectIt);
  });
});
)js";

}  // namespace uccert::report
