// The report's one stylesheet (inlined; its sha256 goes into the CSP). System fonts only: a report must not fetch
// anything. Light and dark themes via prefers-color-scheme, a phone layout below 40rem, and print rules.
// Colours of the comparison series are the Okabe–Ito-derived palette --s0…--s7, distinguishable with common colour
// vision deficiencies; every value is also printed as a number, so colour never carries information alone.
// The dark theme is screen-only: paper always gets the light palette.

export const REPORT_CSS = `
:root{color-scheme:light dark;
--bg:#fbfaf7;--panel:#fff;--fg:#1c1c1c;--muted:#5b6067;--faint:#686d74;--rule:#e3dfd6;--grid:#ece8e0;
--bar:#3b6ea8;--bar-flag:#a8bedb;--ci:#10253d;--base:#c9c5bc;--gain:#c2571a;--accent:#b8441b;--link:#1d4f91;
--up:#0b7a5c;--down:#b43a22;--ns:#a3a7ad;--mark:#ffe27a;--mark-fg:#1c1c1c;--warn-bg:#fff4e0;--warn-fg:#7a4100;
--s0:#0b6fb8;--s1:#d55e00;--s2:#009e73;--s3:#c2479b;--s4:#c48a00;--s5:#56a6de;--s6:#6c4fa6;--s7:#4a4a4a;
--h1:#eef3f9;--h2:#d5e2f0;--h3:#abc6e2;--h4:#7aa3cf;--h5:#3f72aa;--h4-fg:#1c1c1c;--h5-fg:#fff;
--serif:"Iowan Old Style","Charter","Palatino Linotype","Book Antiqua",Georgia,"Times New Roman",serif;
--sans:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Noto Sans",sans-serif;
--label-w:10.5rem;--value-w:7.5rem}
@media screen and (prefers-color-scheme:dark){:root{
--bg:#131518;--panel:#1b1e22;--fg:#e7e5e1;--muted:#a4a9b0;--faint:#959aa2;--rule:#2e3238;--grid:#262a30;
--bar:#6b9fd8;--bar-flag:#3e5675;--ci:#dbe8f7;--base:#4a4f57;--gain:#f08a4b;--accent:#f08a4b;--link:#8ab8f0;
--up:#3cc295;--down:#f0735a;--ns:#6a7078;--mark:#7a6410;--mark-fg:#fff;--warn-bg:#3a2a10;--warn-fg:#ffcf8a;
--s0:#5aaef0;--s1:#ff8a3d;--s2:#2fd0a0;--s3:#f07cc8;--s4:#f2c230;--s5:#a6d8ff;--s6:#b59cf0;--s7:#d0d0d0;
--h1:#1c2632;--h2:#22364e;--h3:#2b4c73;--h4:#3a679c;--h5:#5a8cc8;--h4-fg:#fff;--h5-fg:#0f1114}}
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.55 var(--sans);font-variant-numeric:tabular-nums;overflow-wrap:break-word}
a{color:var(--link)}
:focus-visible{outline:2px solid var(--accent);outline-offset:2px;border-radius:2px}
.wrap{max-width:74rem;margin:0 auto;padding:0 1.25rem 3rem}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
small{font-size:.78rem;color:var(--muted)}
code{font-family:ui-monospace,"SF Mono",Menlo,Consolas,monospace;font-size:.85em;overflow-wrap:anywhere}
h1,h2,h3{font-family:var(--serif);font-weight:700;line-height:1.15;margin:0}
.kicker{font:700 .74rem/1.2 var(--sans);letter-spacing:.09em;text-transform:uppercase;color:var(--accent);margin:0 0 .45rem}
.masthead{padding:2.6rem 0 1.2rem;border-bottom:1px solid var(--rule)}
.masthead h1{font-size:clamp(2rem,4.6vw,3.1rem);letter-spacing:-.01em;max-width:22ch}
.h1-period{display:block;font-weight:400;color:var(--muted);font-size:.62em;margin-top:.3rem}
.dek{font:400 1.22rem/1.5 var(--serif);max-width:44rem;margin:1rem 0 1.2rem}
.note{max-width:44rem;color:var(--muted)}
.generated{color:var(--faint);font-size:.8rem;margin:.8rem 0 0}
.skip-link{position:absolute;left:-9999px;top:.5rem;z-index:10;background:var(--panel);color:var(--fg);padding:.4rem .7rem;border:2px solid var(--link)}.skip-link:focus{left:.5rem}
.kpis{display:grid;grid-template-columns:repeat(auto-fit,minmax(9.5rem,1fr));gap:1rem 1.5rem;margin:0;padding:1rem 0 0;border-top:1px solid var(--rule)}
.kpi{display:flex;flex-direction:column;min-width:0}
.kpi dt{font-size:.78rem;color:var(--muted);text-transform:uppercase;letter-spacing:.05em;order:1}
.kpi dd{margin:0;font:700 2rem/1.15 var(--serif);order:2}
.kpi small{order:3;overflow-wrap:anywhere}
.kpi dd small{display:block;font:400 .78rem/1.3 var(--sans);color:var(--muted);margin-top:.15rem}
.toc{display:flex;flex-wrap:wrap;gap:.3rem 1.1rem;padding:.9rem 0;margin:0;font-size:.88rem}
.toc a{color:var(--muted);text-decoration:none}.toc a:hover{color:var(--fg);text-decoration:underline}
.headline-grid{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:2.5rem;padding:1.8rem 0 1rem}
.h-small{font-size:1.2rem;margin:0 0 .6rem}
.h-tiny{font:700 .8rem/1.3 var(--sans);text-transform:uppercase;letter-spacing:.06em;color:var(--muted);margin:1rem 0 .4rem}
.mv-list{list-style:none;margin:0;padding:0}
.mv-list li{padding:.35rem 0;border-bottom:1px solid var(--grid)}
.mv-list b{margin-left:.3rem}
.mv-list small{display:block;margin-left:1.35rem}
.mv-arrow{display:inline-block;width:1rem;font-size:.8rem}
.mv-up .mv-arrow,.mv-up>.bar-value b,.mv-h-up{color:var(--up)}
.mv-down .mv-arrow,.mv-down>.bar-value b,.mv-h-down{color:var(--down)}
.is-ns .mv-arrow,.is-ns>.bar-value b{color:var(--muted)}
.section{padding:2.4rem 0 1rem;border-top:1px solid var(--rule)}
.section-head{margin:0 0 1.1rem}
.section-head h2{font-size:clamp(1.45rem,3vw,2rem);max-width:36ch}
.lede{max-width:46rem;color:var(--fg);margin:0 0 1.4rem}
.chart-note{font-size:.82rem;color:var(--muted);margin:.5rem 0 0;max-width:46rem}
.empty{color:var(--muted);font-style:italic}
.panels{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,31rem),1fr));gap:2rem 3rem}
.panels-2{grid-template-columns:repeat(auto-fit,minmax(min(100%,30rem),1fr))}
.panels-stack{grid-template-columns:minmax(0,1fr)}
.panel{min-width:0}
.panel p{max-width:46rem}
.panel-narrow{max-width:46rem}
table.compact{width:auto;min-width:min(100%,34rem)}
.section>.panels+.panels,.section>.panels+.panel,.section>.panel+.panel,.section>.panel+.panels{margin-top:2.2rem}
.panel-h{font-size:1.08rem;margin:0 0 .35rem;padding-bottom:.3rem;border-bottom:2px solid var(--fg)}
.footnotes{list-style:none;padding:0;margin:.4rem 0 0;font-size:.78rem;color:var(--muted)}
.bars{display:grid;grid-template-columns:var(--label-w) minmax(3rem,1fr) minmax(var(--value-w),max-content);column-gap:.7rem;align-items:center}
.bars-wide{--label-w:14rem}
.bar-row,.bar-axis{display:contents}
.bar-axis-cap{font-size:.7rem;color:var(--faint);align-self:end;padding-bottom:2px}
.bar-axis-svg{width:100%;height:16px;overflow:visible;display:block}
.bar-axis-svg text{font-size:11px;fill:var(--faint)}
.bar-label{min-width:0;padding:.28rem 0;line-height:1.25;overflow-wrap:anywhere;font-size:.93rem}
.bar-label .reason{display:block}
.bar-svg{width:100%;height:22px;display:block;overflow:visible}
.bar-value{text-align:right;line-height:1.15;padding:.2rem 0;white-space:nowrap}
.bar-value b{display:block;font-size:.95rem}
.bar-value small{font-size:.72rem}
.grid line,line.grid{stroke:var(--grid);stroke-width:1}
rect.bar{fill:var(--bar)}rect.bar-flagged{fill:var(--bar-flag)}
rect.bar-base{fill:var(--base)}rect.bar-gain{fill:var(--gain)}
line.ci{stroke:var(--ci);stroke-width:1.5}
.is-flagged .bar-label{color:var(--muted)}
.flag{color:var(--accent);font-weight:700;margin-left:.1rem}
.tech-link{color:inherit;text-decoration:none;border-bottom:1px dotted var(--faint);cursor:pointer}
.tech-link:hover{color:var(--link);border-bottom-color:var(--link)}
.plus{color:var(--faint)}
.step-no{display:inline-block;min-width:1.4rem;font-weight:700;color:var(--muted)}
.db-line{stroke-width:3;stroke:var(--ns)}
.db-before{fill:var(--panel);stroke:var(--ns);stroke-width:2}
.db-after{fill:var(--ns)}
.mv-up .db-line{stroke:var(--up)}.mv-up .db-before{stroke:var(--up)}.mv-up .db-after{fill:var(--up)}
.mv-down .db-line{stroke:var(--down)}.mv-down .db-before{stroke:var(--down)}.mv-down .db-after{fill:var(--down)}
.mv-up.is-ns .db-line,.mv-down.is-ns .db-line{stroke:var(--ns)}
.mv-up.is-ns .db-before,.mv-down.is-ns .db-before{stroke:var(--ns)}
.mv-up.is-ns .db-after,.mv-down.is-ns .db-after{fill:var(--ns)}
.is-ns .bar-label{color:var(--muted)}
.lc{position:relative}
.lc>svg{position:absolute;top:0;left:0;width:100%;height:100%;overflow:visible}
.lc-over text{font-size:11px;fill:var(--muted)}
.gap{fill:var(--grid);opacity:.6}.gap-label{font-size:11px;fill:var(--muted);font-style:italic}
.xtick-narrow{display:none}@media (max-width:520px){.xtick-wide{display:none}.xtick-narrow{display:inline}}
.series{color:var(--bar)}
.series .band{fill:currentColor;fill-opacity:.17;stroke:none}
.series .line{fill:none;stroke:currentColor;stroke-width:2.2;stroke-linejoin:round;stroke-linecap:round}
.series .line-partial{stroke-dasharray:3 4;stroke-linecap:butt;stroke-width:1.8}
.series .dot{fill:none;stroke:currentColor;stroke-linecap:round;stroke-width:7}
.series .dot-hole{stroke:var(--bg);stroke-width:3.2}
.lc-big .series .band{fill-opacity:.09}
.is-off{display:none}
.smalls{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,14.5rem),1fr));gap:1.4rem 2rem;margin:.9rem 0 0}
.sm{margin:0;min-width:0}
.sm-head{display:flex;justify-content:space-between;align-items:baseline;gap:.5rem;border-top:1px solid var(--rule);padding-top:.35rem}
.sm-name{font-weight:600;font-size:.92rem;min-width:0;overflow-wrap:anywhere}
.sm-val{white-space:nowrap}
.lc-small{height:84px;margin:.45rem .4rem 1.5rem 2.3rem}
.cmp{display:grid;grid-template-columns:16.5rem minmax(0,1fr);gap:1.8rem;margin:0 0 2.4rem}
.cmp-body{min-width:0}
.lc-big{height:clamp(230px,36vw,380px);margin:.4rem 8.5rem 1.8rem 2.6rem}
.lc-big .lc-over text{font-size:12px}
.end-label{font-size:12.5px;font-weight:600}
.lc-big .lc-over .end-label{font-size:12.5px}
.rule{stroke:var(--muted);stroke-width:1;stroke-dasharray:2 3}
.readout{font-size:.85rem;color:var(--muted);min-height:2.8em;margin:0 0 .2rem 2.6rem}
.readout b{color:var(--fg)}
.ro-hint{color:var(--faint);font-size:.78rem;white-space:nowrap}
.readout .ro-item{display:inline-block;margin-right:.9rem;white-space:nowrap}
.readout .ro-swatch,.chip .swatch{display:inline-block;width:.7rem;height:.7rem;border-radius:2px;margin-right:.3rem;vertical-align:-.05rem;background:transparent;border:1px solid var(--faint)}
${[0, 1, 2, 3, 4, 5, 6, 7]
  .map(
    (i) =>
      `.series[data-slot="${i}"]{color:var(--s${i})}.end-label[data-slot="${i}"]{fill:var(--s${i})}[data-slot="${i}"]>.swatch,.ro-swatch[data-slot="${i}"]{background:var(--s${i});border-color:var(--s${i})}`,
  )
  .join('\n')}
.chooser{border:1px solid var(--rule);border-radius:8px;padding:.6rem .7rem .7rem;margin:0;min-width:0;max-height:27rem;overflow:auto;background:var(--panel)}
.chooser legend{font-weight:700;font-size:.88rem;padding:0 .3rem}
.chooser-tools{display:flex;gap:.4rem;margin:.2rem 0 .5rem;flex-wrap:wrap}
.chooser-tools input{flex:1 1 100%;min-width:0;font:inherit;font-size:.85rem;padding:.25rem .45rem;border:1px solid var(--rule);border-radius:5px;background:var(--bg);color:var(--fg)}
button{font:inherit;font-size:.8rem;padding:.25rem .6rem;border:1px solid var(--rule);border-radius:5px;background:var(--bg);color:var(--fg);cursor:pointer}
button:hover{border-color:var(--muted)}
.chooser-none{font-size:.82rem;color:var(--muted);margin:.4rem 0}
.chooser-cat{font-size:.7rem;text-transform:uppercase;letter-spacing:.06em;color:var(--faint);margin:.5rem 0 .25rem}
.chip{display:inline-flex;align-items:center;gap:.1rem;padding:.12rem .5rem .12rem .3rem;margin:0 .3rem .35rem 0;border:1px solid var(--rule);border-radius:999px;font-size:.82rem;cursor:pointer;user-select:none;background:var(--bg);max-width:100%;overflow-wrap:anywhere}
.chip input{margin:0 .25rem 0 0;accent-color:var(--fg)}
.chip .swatch{display:none}.chip[data-slot] .swatch{display:inline-block}
.chip:has(input:checked){border-color:var(--muted);font-weight:600}
.chip.is-hidden{display:none}
.headline-grid .bars,.panel .bars{margin-top:.3rem}
.learner-top{display:grid;grid-template-columns:auto minmax(0,1fr);gap:2rem;align-items:start;margin:0 0 2rem}
.cov-figure{font:700 clamp(3rem,8vw,4.6rem)/1 var(--serif);margin:0;color:var(--gain)}
.cov-label{margin:.3rem 0 0;color:var(--muted);font-size:.9rem}
.cov-text p{margin:0 0 .6rem}
.chips{display:inline}
.chip-static{display:inline-block;padding:.05rem .5rem;margin:.1rem .2rem;border-radius:999px;background:var(--grid);font-size:.85rem}
.callout{border-left:4px solid var(--gain);padding:.4rem .8rem;background:var(--panel)}
.learner .panel{margin-bottom:2rem}
#learner .panels{margin-bottom:2rem}
.companions{list-style:none;padding:0;margin:.6rem 0 1rem;display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,15rem),1fr));gap:.1rem 1.6rem}
.companions li{display:flex;flex-direction:column;padding:.45rem 0;border-bottom:1px solid var(--grid)}
.comp-head{font-weight:600}
.comp-list{font-size:.88rem;color:var(--muted)}
.comp{white-space:nowrap}
.comp b{color:var(--fg);font-weight:600}
.scroll-x{overflow-x:auto;-webkit-overflow-scrolling:touch;max-width:100%}
table{border-collapse:collapse;font-size:.84rem;width:100%;margin:.3rem 0}
caption{text-align:left;font-size:.82rem;color:var(--muted);padding:.2rem 0 .5rem}
th,td{padding:.32rem .55rem;border-bottom:1px solid var(--rule);text-align:left;vertical-align:top}
thead th{font-weight:600;color:var(--muted);border-bottom:1.5px solid var(--fg);vertical-align:bottom}
td.num{text-align:right;white-space:nowrap}
tbody th{font-weight:600}
td.msg{overflow-wrap:anywhere;max-width:22rem}
.matrix{width:auto;font-size:.78rem}
.matrix td{text-align:center;min-width:2.4rem;padding:.3rem .2rem;border:1px solid var(--bg)}
.matrix tbody th{white-space:nowrap}
.matrix th.col-h{height:7.5rem;white-space:nowrap;vertical-align:bottom;padding:.2rem 0}
.matrix th.col-h span{writing-mode:vertical-rl;transform:rotate(180deg);display:inline-block}
.heat.h0{background:transparent;color:var(--faint)}.heat.h1{background:var(--h1)}.heat.h2{background:var(--h2)}
.heat.h3{background:var(--h3)}.heat.h4{background:var(--h4);color:var(--h4-fg)}.heat.h5{background:var(--h5);color:var(--h5-fg)}
.heat.diag{color:var(--faint)}
details.table-wrap{margin:1.2rem 0 .4rem}
details.table-wrap>summary{cursor:pointer;font-size:.82rem;color:var(--link);width:max-content;max-width:100%}
details.table-wrap[open]>summary{margin-bottom:.4rem}
.ev-all{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,22rem),1fr));gap:.2rem 2rem;align-items:start}
details.ev{border-bottom:1px solid var(--rule);min-width:0}
details.ev>summary{cursor:pointer;padding:.5rem 0;font-weight:600;overflow-wrap:anywhere}
details.ev[open]{grid-column:1/-1}
.ev-list{list-style:none;margin:0;padding:0}
.ev-item{padding:.8rem 0;border-top:1px solid var(--grid)}
.ev-item:first-child{border-top:0}
.ev-meta{margin:0 0 .35rem;font-size:.8rem;color:var(--muted)}
.ev-company{font-weight:700;color:var(--fg)}
.ev-id{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.74rem}
.ev-snippet{margin:0;padding:.1rem 0 .1rem .9rem;border-left:3px solid var(--rule);font:400 .93rem/1.55 var(--serif);white-space:pre-line;overflow-wrap:anywhere}
.ev-link{margin:.35rem 0 0;font-size:.82rem}
.ev-badurl{color:var(--muted);font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.74rem;overflow-wrap:anywhere}
mark{background:var(--mark);color:var(--mark-fg);padding:0 .12em;border-radius:2px;font-weight:600}
.ev-dialog{width:min(46rem,94vw);max-height:86vh;border:0;border-radius:10px;padding:0;background:var(--panel);color:var(--fg);box-shadow:0 12px 40px rgb(0 0 0 / .35)}
.ev-dialog::backdrop{background:rgb(10 12 15 / .55)}
.dlg-head{position:sticky;top:0;display:flex;justify-content:space-between;align-items:center;gap:1rem;padding:.8rem 1.1rem;background:var(--panel);border-bottom:1px solid var(--rule)}
.dlg-head h2{font-size:1.25rem}
.dlg-close{font-size:1.3rem;line-height:1;padding:.1rem .55rem}
.dlg-body{padding:.2rem 1.1rem 1rem}
.facts{margin:1rem 0 0;display:grid;gap:.7rem}
.facts dt{font-weight:700;font-size:.88rem}
.facts dd{margin:0;max-width:50rem}
.warn,.warnings li{background:var(--warn-bg);color:var(--warn-fg);padding:.4rem .7rem;border-radius:5px;list-style:none;margin:.3rem 0}
.warnings{padding:0;margin:.4rem 0 1rem}
.status{display:inline-block;padding:.02rem .45rem;border-radius:4px;font-size:.76rem;font-weight:700;background:var(--grid)}
.status-ok{background:#d8f0e4;color:#0b5a43}.status-failed{background:#fbdcd5;color:#8a2413}
.status-partial,.status-stale{background:var(--warn-bg);color:var(--warn-fg)}
@media screen and (prefers-color-scheme:dark){.status-ok{background:#173a2e;color:#7fe0bd}.status-failed{background:#46201a;color:#ffab99}}
.notes{padding-left:1.1rem}
footer.foot{border-top:1px solid var(--rule);margin-top:2rem;padding-top:1rem;font-size:.8rem;color:var(--muted)}
@media (max-width:60rem){.cmp{grid-template-columns:minmax(0,1fr)}.chooser{max-height:13rem}}
@media (max-width:46rem){
:root{--label-w:7.4rem;--value-w:5.6rem}
.bars-wide{--label-w:9rem}
body{font-size:15px}
.wrap{padding:0 .9rem 2.5rem}
.masthead{padding-top:1.6rem}
.dek{font-size:1.08rem}
.kpi dd{font-size:1.6rem}
.headline-grid{grid-template-columns:minmax(0,1fr);gap:1.6rem}
.lc-big{margin-right:.6rem;height:260px}
.lc-big .end-label{display:none}
.readout{margin-left:0}
.learner-top{grid-template-columns:minmax(0,1fr);gap:.6rem}
.bars{column-gap:.45rem}
.smalls{grid-template-columns:repeat(2,minmax(0,1fr));gap:1rem 1rem}
.sm-val small{display:none}
.sm-name{font-size:.85rem}
.lc-small{height:70px;margin-left:2.1rem;margin-right:.2rem}
.bar-label{font-size:.86rem}
}
@media print{
:root{--bg:#fff;--panel:#fff;--fg:#000;--muted:#444;--faint:#666;--rule:#bbb;--grid:#ddd;color-scheme:light}
body{font-size:10.5pt}
.toc,.chooser,.readout,.ev-dialog,details.table-wrap,#evidence .lede{display:none}
.cmp{grid-template-columns:minmax(0,1fr)}
.wrap{max-width:none;padding:0}
.section{break-before:auto;padding-top:1.2rem}
.panel,.sm,.bar-row,.ev-item,.kpi,figure{break-inside:avoid}
.tech-link{border-bottom:0}
a[href^="http"]::after{content:" (" attr(href) ")";font-size:.75em;color:#444;overflow-wrap:anywhere}
}
`;
