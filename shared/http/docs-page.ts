import { createHash } from 'node:crypto';

const docsStyle = `
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Outreach API reference</title>
body{font:15px/1.5 system-ui,sans-serif;margin:0 auto;max-width:60rem;padding:1rem;color:#1d232a}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:2rem;border-bottom:1px solid #ccd}
details{border:1px solid #dde;border-radius:6px;margin:.4rem 0;padding:.3rem .6rem}
summary{cursor:pointer}code,pre{font:13px ui-monospace,monospace}pre{background:#f5f6f8;padding:.5rem;overflow:auto;max-height:24rem}
.m{display:inline-block;min-width:4.5rem;font-weight:700}.get{color:#0a6}.post{color:#06c}.patch{color:#b60}.delete{color:#c22}
`;

const docsScript = `
fetch('/openapi.json').then(r=>r.json()).then(doc=>{
  const esc=s=>String(s).replace(/[&<>"]/g,c=>({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;'}[c]));
  document.getElementById('title').textContent=doc.info.title+' '+doc.info.version;
  document.getElementById('desc').textContent=doc.info.description||'';
  const groups={};
  for(const [path,item] of Object.entries(doc.paths||{}))for(const [method,op] of Object.entries(item)){
    const tag=(op.tags&&op.tags[0])||'other';(groups[tag]=groups[tag]||[]).push({path,method,op});}
  let html='';
  for(const [tag,ops] of Object.entries(groups)){
    html+='<h2>'+esc(tag)+'</h2>';
    for(const {path,method,op} of ops){
      const body=op.requestBody&&op.requestBody.content&&Object.values(op.requestBody.content)[0];
      html+='<details><summary><span class="m '+method+'">'+method.toUpperCase()+'</span><code>'+esc(path)+'</code> '+esc(op.summary||'')+'</summary>'
        +(op.parameters&&op.parameters.length?'<p>Parameters</p><pre>'+esc(JSON.stringify(op.parameters,null,2))+'</pre>':'')
        +(body?'<p>Request body</p><pre>'+esc(JSON.stringify(body.schema,null,2))+'</pre>':'')
        +'<p>Responses</p><pre>'+esc(JSON.stringify(op.responses,null,2))+'</pre></details>';
    }
  }
  document.getElementById('ops').innerHTML=html;
});
`;

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/**
 * The API reference page: plain HTML and a few lines of script that render `/openapi.json`.
 * Nothing is loaded from a CDN, so it works on an offline machine and inside China's network.
 */
export const docsPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Outreach API reference</title>
<style>${docsStyle}</style></head><body>
<h1 id="title">Outreach API</h1><p id="desc"></p><p>Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1).</p>
<div id="ops">Loading…</div>
<script>${docsScript}</script></body></html>`;

/**
 * The page's Content-Security-Policy: its own script and style (by hash) and nothing else, so a
 * value of the contract that reached the page as markup could run no script; only /openapi.json is fetched.
 */
export const docsPolicy = `default-src 'none'; script-src ${sha256(docsScript)}; style-src ${sha256(docsStyle)}; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'`;
