/**
 * The panel page's script, previews and the delivery log: each event family of a webhook's type rendered as
 * Discord shows it; the log with status and event filters, each entry expandable to the message as rendered, with
 * resend, and "resend failed" once a webhook works again. Runs inside the scope of `./client.ts`.
 */

/** The previews' and log's part of the page script. */
export const PANEL_SCRIPT_LOG = String.raw`function colors(root){root.querySelectorAll(".dm-embed[data-color]").forEach(function(e){const c=e.getAttribute("data-color");if(/^#[0-9a-f]{6}$/.test(c))e.style.borderLeftColor=c})}
function html(el,markup){el.innerHTML=markup;colors(el)}
async function showPreviews(w,el){if(el.dataset.done)return;el.dataset.done="1";el.replaceChildren(h("p",{class:"meta"},[L.loading]));
try{const j=await call("GET","/_panel/preview?type="+enc(w.type)+"&name="+enc(w.name));
el.replaceChildren(h("h3",null,[L.preview]));j.previews.forEach(function(p){const d=h("div",{class:"preview","data-family":p.family});html(d,p.html);el.append(h("p",{class:"meta"},[fam(p.family)]),d)})}
catch(e){el.replaceChildren(h("p",{class:"msg bad"},[errText(e)]))}}
function disabling(d){return d.status==="failed"&&(d.httpStatus===404||d.httpStatus===401)}
async function findReason(w){S.reason[w.id]=null;try{const j=await call("GET","/"+enc(w.id)+"/deliveries?status=failed&limit=20");
const d=(j.deliveries||[]).find(disabling);if(d){S.reason[w.id]="HTTP "+d.httpStatus+" "+(d.errorMessage||"");render()}}catch(e){S.reason[w.id]=null}}
async function resendFailed(w){try{const r=await call("POST","/"+enc(w.id)+"/resend-failed",{});S.fixed[w.id]=false;
const n=r&&Array.isArray(r.resent)?r.resent.filter(function(x){return x.ok}).length:0;S.msg[w.id]=[L.resent+" ("+n+")",true]}catch(e){S.msg[w.id]=[L.failed+" "+errText(e),false]}await load()}
async function showLog(w,el,before){const id=w.id,f=S.filter[id]||(S.filter[id]={status:"",family:""});let j;
try{j=await call("GET","/"+enc(id)+"/deliveries?limit=25"+(f.status?"&status="+enc(f.status):"")+(before?"&before="+enc(before):""))}
catch(e){el.replaceChildren(h("p",{class:"meta"},[e.status===404||e.status===405?L.logUnavailable:errText(e)]));return}
const all=j.deliveries||[],items=all.filter(function(d){return !f.family||d.family===f.family});
const st=sel("status",[""].concat(Object.keys(L.statuses)),Object.assign({"":L.allStatuses},L.statuses),f.status);
const fams=[""];all.forEach(function(d){if(fams.indexOf(d.family)<0)fams.push(d.family)});if(f.family&&fams.indexOf(f.family)<0)fams.push(f.family);
const ev=sel("family",fams,Object.assign({"":L.allEvents},L.families),f.family);
st.setAttribute("data-k","st:"+id);ev.setAttribute("data-k","ev:"+id);
st.addEventListener("change",function(){f.status=st.value;showLog(w,el)});ev.addEventListener("change",function(){f.family=ev.value;showLog(w,el)});
const failed=w.enabled&&all.some(function(d){return d.status==="failed"&&!all.some(function(r){return r.resendOf===d.id&&r.status==="delivered"})});
const list=h("ul",{class:"entries"},items.map(function(d){return entry(w,d)}));
const more=all.length>=25?btn(L.more,function(){showLog(w,el,all[all.length-1].id)}):null;
const a=document.activeElement,k=a&&a.getAttribute("data-k");
put(el,[h("h3",null,[L.log]),h("div",{class:"filters"},[h("label",null,[L.filterStatus,st]),h("label",null,[L.filterEvent,ev])]),
failed?h("div",{class:"bar"},[btn(L.resendFailed,function(){resendFailed(w)},null,{"data-k":"rf2:"+id})]):null,
items.length?list:h("p",{class:"meta","data-testid":"log-empty"},[L.logEmpty]),more]);
if(k){const n=el.querySelector('[data-k="'+CSS.escape(k)+'"]');if(n)n.focus()}}
function entry(w,d){const r=h("div",{class:"rendered",id:"r-"+d.id,hidden:true});
const show=btn(L.show,async function(){const open=r.hidden;r.hidden=!open;show.setAttribute("aria-expanded",String(open));
if(open&&!r.firstChild){try{html(r,(await call("POST","/_panel/render",{body:d.body,name:w.name})).html)}catch(e){r.textContent=errText(e)}}},null,{"aria-expanded":"false","aria-controls":r.id});
const again=d.bodyTruncated?null:btn(L.resend,async function(){again.disabled=true;try{const o=await call("POST","/deliveries/"+enc(d.id)+"/resend",{});S.msg[w.id]=o&&o.ok===false?[L.failed+" "+(o.error?o.error.message:"HTTP "+o.status),false]:[L.resent,true]}
catch(e){S.msg[w.id]=[L.failed+" "+errText(e),false]}await load()});
const sum=[when(d.createdAt),fam(d.family),d.resendOf?fam("resend"):"",d.httpStatus?"HTTP "+d.httpStatus:"",L.attempts+" "+d.attempts].filter(Boolean).join(" · ");
return h("li",{class:"entry","data-testid":"delivery","data-status":d.status,"data-family":d.family,"data-id":d.id},[
h("div",{class:"bar"},[h("span",null,[h("span",{class:"pill "+(d.status==="delivered"?"on":"off")},[L.statuses[d.status]||d.status])," "+sum]),h("span",{class:"bar"},[show,again])]),
d.errorMessage?h("p",{class:"why"},[d.errorMessage]):null,r])}
`;
